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
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A bias-free 3D convolution followed by batch norm, optionally ReLU: the unit every ResNet layer
 * is made of. Parameters: {@code conv.weight}, {@code bn.gamma|beta|runningMean|runningVar}.
 * At inference (training=false) BN normalises with its running statistics, or is folded into the
 * convolution ({@link #foldBatchNorm}).
 */
public final class ConvBn extends AbstractBlock implements FoldsBatchNorm {
    private final Conv3d conv;
    private final BatchNorm bn;
    private final boolean relu;
    private final double epsilon;
    private FoldedConvBn folded;

    /**
     * @param filters output channels
     * @param kernel (t, h, w)
     * @param stride (t, h, w)
     * @param padding (t, h, w), applied on both sides
     * @param epsilon BN epsilon
     * @param relu apply ReLU after BN
     */
    public ConvBn(int filters, Shape kernel, Shape stride, Shape padding, double epsilon, boolean relu) {
        this.conv = addChildBlock(
                "conv",
                Conv3d.builder()
                        .setFilters(filters)
                        .setKernelShape(kernel)
                        .optStride(stride)
                        .optPadding(padding)
                        .optBias(false)
                        .build());
        this.bn = addChildBlock(
                "bn", BatchNorm.builder().optEpsilon((float) epsilon).build());
        this.relu = relu;
        this.epsilon = epsilon;
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
        return new NDList(relu ? Activation.relu(y) : y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        bn.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
    }
}
