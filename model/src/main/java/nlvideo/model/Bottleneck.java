package nlvideo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The ResNet bottleneck of the paper's code ({@code resnet_helper.py},
 * {@code bottleneck_transformation_3d}): a = kt x 1 x 1 (kt = 3 when inflated, else 1), b = 1 x 3 x 3
 * carrying the spatial stride, c = 1 x 1 x 1 without ReLU, then ReLU(c + shortcut). The shortcut is
 * a strided 1x1x1 conv + BN when width or stride changes, else identity ("shortcut type B").
 * Input (N, inWidth, T, H, W), output (N, outWidth, T, H / stride, W / stride).
 *
 * <p>Parameters: {@code a.conv.weight}, {@code a.bn.*}, {@code b.*}, {@code c.*}, and
 * {@code shortcut.conv.weight}, {@code shortcut.bn.*} when present.
 */
public final class Bottleneck extends AbstractBlock implements LayerCost {
    private final ConvBn a;
    private final ConvBn b;
    private final ConvBn c;
    private final ConvBn shortcut;

    /**
     * @param inWidth input channels
     * @param innerWidth channels of a and b
     * @param outWidth output channels
     * @param temporalKernel 3 (inflated) or 1
     * @param spatialStride stride of b and of the shortcut, 1 or 2
     * @param epsilon BN epsilon
     */
    public Bottleneck(
            int inWidth, int innerWidth, int outWidth, int temporalKernel, int spatialStride, double epsilon) {
        a = addChildBlock(
                "a",
                new ConvBn(
                        innerWidth,
                        new Shape(temporalKernel, 1, 1),
                        new Shape(1, 1, 1),
                        new Shape(temporalKernel / 2, 0, 0),
                        epsilon,
                        true));
        b = addChildBlock(
                "b",
                new ConvBn(
                        innerWidth,
                        new Shape(1, 3, 3),
                        new Shape(1, spatialStride, spatialStride),
                        new Shape(0, 1, 1),
                        epsilon,
                        true));
        c = addChildBlock("c", pointwise(outWidth, 1, epsilon));
        shortcut = inWidth == outWidth && spatialStride == 1
                ? null
                : addChildBlock("shortcut", pointwise(outWidth, spatialStride, epsilon));
    }

    private static ConvBn pointwise(int filters, int spatialStride, double epsilon) {
        return new ConvBn(
                filters,
                new Shape(1, 1, 1),
                new Shape(1, spatialStride, spatialStride),
                new Shape(0, 0, 0),
                epsilon,
                false);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList y = c.forward(
                ps, b.forward(ps, a.forward(ps, inputs, training, params), training, params), training, params);
        NDArray x = shortcut == null
                ? inputs.head()
                : shortcut.forward(ps, inputs, training, params).head();
        return new NDList(Activation.relu(y.head().addi(x)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return c.getOutputShapes(b.getOutputShapes(a.getOutputShapes(inputShapes)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Sequence.initialize(java.util.List.of(a, b, c), manager, dataType, inputShapes);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Cost cost(Shape input) {
        Cost main = Sequence.cost(java.util.List.of(a, b, c), input);
        return shortcut == null ? main : main.plus(shortcut.cost(input));
    }
}
