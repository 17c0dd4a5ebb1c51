package nlvideo.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * conv1 + BN + ReLU (a {@link ConvBn}) followed by max pool: the paper's "conv1" and "pool1". The
 * pool's padding is part of the config because sources differ: 0 in the paper's Caffe2 code (55x55
 * after it at 224 input), (0,1,1) in PySlowFast and mmaction2 (56x56). Input (N, 3, T, H, W).
 *
 * <p>Parameters: {@code conv.weight} (baseWidth, 3, kt, 7, 7), {@code bn.*} (baseWidth).
 */
public final class Stem extends ConvBn {
    private final MaxPool pool;

    /** @param config conv1, pool1, baseWidth and BN epsilon of the network */
    public Stem(NetworkConfig config) {
        super(
                config.baseWidth(),
                Geometry.shape(config.conv1().kernel()),
                Geometry.shape(config.conv1().stride()),
                Geometry.shape(config.conv1().padding()),
                config.bnEpsilon(),
                true);
        pool = addChildBlock("pool", new MaxPool(config.pool1()));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return pool.forward(ps, super.forwardInternal(ps, inputs, training, params), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return pool.getOutputShapes(super.getOutputShapes(inputShapes));
    }
}
