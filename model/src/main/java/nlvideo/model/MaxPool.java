package nlvideo.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 3D max pool (floor mode) as a block: the network's pool1 (inside {@link Stem}) and pool2 (after
 * res2). No parameters. Input and output (N, C, T, H, W).
 */
final class MaxPool extends AbstractBlock implements LayerCost {
    private final Shape kernel;
    private final Shape stride;
    private final Shape padding;

    /** @param pool kernel, stride and padding (t, h, w) from the preset */
    MaxPool(NetworkConfig.Pool pool) {
        kernel = Geometry.shape(pool.kernel());
        stride = Geometry.shape(pool.stride());
        padding = Geometry.shape(pool.padding());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(Pool.maxPool3d(inputs.singletonOrThrow(), kernel, stride, padding, false));
    }

    /** @throws IllegalArgumentException when the input is smaller than the padded kernel */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {Geometry.out(in, in.get(1), kernel, stride, padding)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // no parameters
    }

    @Override
    public Cost cost(Shape input) {
        return Cost.NONE;
    }
}
