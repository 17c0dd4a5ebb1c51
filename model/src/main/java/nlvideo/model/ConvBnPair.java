package nlvideo.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * A convolution and the batch norm after it, as every ResNet unit and the non-local block's W_z
 * use them: conv then BN when training, and at inference, once {@link #fold}ed, one convolution
 * with the BN folded in. BN at inference is a per-channel affine map, {@code s = gamma / sqrt(var +
 * eps)}, so {@code BN(W x + b) = (s W) x + (beta + (b - mean) s)}: one pass over the activation
 * instead of two, and no BN temporaries. The folded tensors are a snapshot of the weights: fold
 * again after loading new ones ({@link InferenceMode}).
 *
 * <p>Not a block itself: the conv and the BN stay children of the block that owns the pair, so
 * their parameter names ({@code conv.weight}, {@code bn.gamma}, {@code out.weight}) do not change.
 */
final class ConvBnPair {
    private final Conv3d conv;
    private final BatchNorm bn;
    private final double epsilon;
    private Folded folded;

    /**
     * @param conv the convolution, with or without bias
     * @param bn the batch norm after it
     * @param epsilon the BN's epsilon (DJL's BatchNorm keeps it private)
     */
    ConvBnPair(Conv3d conv, BatchNorm bn, double epsilon) {
        this.conv = conv;
        this.bn = bn;
        this.epsilon = epsilon;
    }

    /** {@code bn(conv(x))}: unfolded when training or before {@link #fold}, else the folded convolution. */
    NDArray forward(ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params) {
        if (!training && folded != null) {
            return folded.apply(x);
        }
        return bn.forward(ps, conv.forward(ps, new NDList(x), training, params), training, params)
                .singletonOrThrow();
    }

    /** Folds the current weights (both blocks must be initialised); inference then uses the folded convolution. */
    void fold() {
        unfold();
        folded = Folded.of(conv, bn, epsilon);
    }

    /** Drops the folded convolution: back to conv then BN. */
    void unfold() {
        if (folded != null) {
            folded.manager.close();
            folded = null;
        }
    }

    /**
     * The dilation that keeps a convolution on oneDNN. On the CPU with one intra-op thread and
     * batches under 16, libtorch runs convolutions whose kernel is 1x1 in H and W (the 1x1x1 and
     * 3x1x1 ones: most of a ResNet's) on its own slower path instead of oneDNN, unless they are
     * strided or dilated ({@code ConvParams::use_mkldnn} in aten/src/ATen/native/Convolution.cpp).
     * A dilation along W changes nothing when the kernel is 1 wide, so setting one there sends
     * them to oneDNN: a one-thread forward of R50 8x8 at batch 1 went from 0.73 to 0.56 s
     * ({@code scripts/bench/model.sh 5 1 1}). With more threads libtorch uses oneDNN anyway, and
     * the dilation stays as it was.
     *
     * @param kernel (kT, kH, kW)
     * @param dilation the convolution's own dilation
     * @return {@code dilation}, or it with 2 along W for a 1-wide and 1-high kernel on a CPU
     *     forward with one intra-op thread
     */
    static Shape oneDnnDilation(Shape kernel, Shape dilation, Device device) {
        boolean nativePath =
                kernel.get(1) == 1 && kernel.get(2) == 1 && !device.isGpu() && JniUtils.getNumThreads() == 1;
        return nativePath ? new Shape(dilation.get(0), dilation.get(1), 2) : dilation;
    }

    /** The folded weight and bias, on a sub-manager of the weights' own. */
    private record Folded(Conv3d conv, NDManager manager, NDArray weight, NDArray bias) {

        static Folded of(Conv3d conv, BatchNorm bn, double epsilon) {
            NDArray w = param(conv, "weight");
            NDManager manager = w.getManager().newSubManager();
            // in float64 on a scratch manager, so folding adds no rounding beyond the final cast
            try (NDManager tmp = manager.newSubManager()) {
                NDArray s = f64(param(bn, "gamma"), tmp)
                        .div(f64(param(bn, "runningVar"), tmp).add(epsilon).sqrt());
                long[] perChannel = new long[w.getShape().dimension()];
                Arrays.fill(perChannel, 1);
                perChannel[0] = -1;
                NDArray weight = f64(w, tmp).mul(s.reshape(perChannel)).toType(w.getDataType(), false);
                NDArray b = conv.isIncludeBias()
                        ? f64(param(conv, "bias"), tmp)
                        : tmp.zeros(s.getShape(), DataType.FLOAT64);
                NDArray bias = b.sub(f64(param(bn, "runningMean"), tmp))
                        .mul(s)
                        .add(f64(param(bn, "beta"), tmp))
                        .toType(w.getDataType(), false);
                weight.attach(manager);
                bias.attach(manager);
                return new Folded(conv, manager, weight, bias);
            }
        }

        NDArray apply(NDArray x) {
            Shape dilation = oneDnnDilation(conv.getKernelShape(), conv.getDilation(), x.getDevice());
            return Conv3d.conv3d(x, weight, bias, conv.getStride(), conv.getPadding(), dilation, conv.getGroups())
                    .head();
        }

        private static NDArray f64(NDArray a, NDManager tmp) {
            NDArray c = a.toType(DataType.FLOAT64, true);
            c.attach(tmp);
            return c;
        }

        private static NDArray param(Block block, String name) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().getName().equals(name)) {
                    return p.getValue().getArray();
                }
            }
            throw new IllegalStateException("no parameter " + name + " in " + block);
        }
    }
}
