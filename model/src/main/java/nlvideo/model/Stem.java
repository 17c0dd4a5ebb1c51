package nlvideo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * conv1 + BN + ReLU + max pool (the paper's "conv1" and "pool1"). The pool's padding is part of
 * the config because sources differ: 0 in the paper's Caffe2 code (55x55 after it at 224 input),
 * (0,1,1) in PySlowFast and mmaction2 (56x56).
 *
 * <p>Parameters: {@code conv.weight} (64, 3, kt, 7, 7), {@code bn.*}.
 */
public final class Stem extends AbstractBlock implements FoldsBatchNorm {
    private final Conv3d conv;
    private final BatchNorm bn;
    private final Shape poolKernel;
    private final Shape poolStride;
    private final Shape poolPad;
    private final double epsilon;
    private FoldedConvBn folded;

    public Stem(NetworkConfig config) {
        NetworkConfig.Conv c = config.conv1();
        conv = addChildBlock(
                "conv",
                Conv3d.builder()
                        .setFilters(config.baseWidth())
                        .setKernelShape(Geometry.shape(c.kernel()))
                        .optStride(Geometry.shape(c.stride()))
                        .optPadding(Geometry.shape(c.padding()))
                        .optBias(false)
                        .build());
        bn = addChildBlock(
                "bn",
                BatchNorm.builder().optEpsilon(config.bnEpsilon().floatValue()).build());
        poolKernel = Geometry.shape(config.pool1().kernel());
        poolStride = Geometry.shape(config.pool1().stride());
        poolPad = Geometry.shape(config.pool1().padding());
        epsilon = config.bnEpsilon();
    }

    @Override
    public void foldBatchNorm() {
        unfoldBatchNorm();
        folded = FoldedConvBn.of(conv, bn, epsilon);
    }

    @Override
    public void unfoldBatchNorm() {
        if (folded != null) {
            folded.close();
            folded = null;
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray y = !training && folded != null
                ? folded.apply(inputs.singletonOrThrow())
                : bn.forward(ps, conv.forward(ps, inputs, training, params), training, params)
                        .singletonOrThrow();
        NDArray a = Activation.relu(y);
        return new NDList(Pool.maxPool3d(a, poolKernel, poolStride, poolPad, false));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape c = conv.getOutputShapes(inputShapes)[0];
        return new Shape[] {Geometry.out(c, c.get(1), poolKernel, poolStride, poolPad)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        bn.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
    }
}
