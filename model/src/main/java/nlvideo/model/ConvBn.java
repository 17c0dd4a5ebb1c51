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
 * is made of (the paper code's {@code conv_bn} in {@code resnet_helper.py}). Input (N, Cin, T, H,
 * W), output (N, filters, T', H', W').
 *
 * <p>Parameters: {@code conv.weight} (filters, Cin, kt, kh, kw), {@code bn.gamma|beta|runningMean|
 * runningVar} (filters). At inference (training=false) BN normalises with its running statistics,
 * or is folded into the convolution ({@link InferenceMode}).
 */
public class ConvBn extends AbstractBlock implements FoldsBatchNorm, LayerCost {
    private final Conv3d conv;
    private final boolean relu;
    private final ConvBnPair pair;

    /**
     * @param filters output channels, at least 1
     * @param kernel (t, h, w)
     * @param stride (t, h, w)
     * @param padding (t, h, w), applied on both sides
     * @param epsilon BN epsilon, positive
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
        BatchNorm bn = addChildBlock(
                "bn", BatchNorm.builder().optEpsilon((float) epsilon).build());
        this.relu = relu;
        this.pair = new ConvBnPair(conv, bn, epsilon);
    }

    @Override
    public ConvBnPair convBn() {
        return pair;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray y = pair.forward(ps, inputs.singletonOrThrow(), training, params);
        return new NDList(relu ? Activation.relu(y) : y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Sequence.initialize(getChildren().values(), manager, dataType, inputShapes);
    }

    @Override
    public Cost cost(Shape input) {
        Shape output = conv.getOutputShapes(new Shape[] {input})[0];
        return Cost.conv(input, output, conv.getKernelShape(), false).plus(Cost.batchNorm(output.get(1)));
    }
}
