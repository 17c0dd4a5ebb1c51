package nlvideo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import java.util.Arrays;

/**
 * A convolution and the inference-mode batch norm after it, folded into one convolution with
 * bias: BN at inference is a per-channel affine map, {@code s = gamma / sqrt(var + eps)},
 * so {@code BN(W x + b) = (s W) x + (beta + (b - mean) s)}. One pass over the activation instead
 * of two, and no BN temporaries. The folded tensors are a snapshot of the weights: fold again
 * after loading new ones. Training keeps using the unfolded conv and BN.
 */
final class FoldedConvBn implements AutoCloseable {
    private final Conv3d conv;
    private final NDManager manager;
    private final NDArray weight;
    private final NDArray bias;

    private FoldedConvBn(Conv3d conv, NDManager manager, NDArray weight, NDArray bias) {
        this.conv = conv;
        this.manager = manager;
        this.weight = weight;
        this.bias = bias;
    }

    /** Folds {@code bn} (epsilon {@code epsilon}) into {@code conv}; both must be initialised. */
    static FoldedConvBn of(Conv3d conv, BatchNorm bn, double epsilon) {
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
            NDArray b =
                    conv.isIncludeBias() ? f64(param(conv, "bias"), tmp) : tmp.zeros(s.getShape(), DataType.FLOAT64);
            NDArray bias = b.sub(f64(param(bn, "runningMean"), tmp))
                    .mul(s)
                    .add(f64(param(bn, "beta"), tmp))
                    .toType(w.getDataType(), false);
            weight.attach(manager);
            bias.attach(manager);
            return new FoldedConvBn(conv, manager, weight, bias);
        }
    }

    private static NDArray f64(NDArray a, NDManager tmp) {
        NDArray c = a.toType(DataType.FLOAT64, true);
        c.attach(tmp);
        return c;
    }

    /** The convolution with BN folded in: what {@code bn(conv(x))} gives at inference. */
    NDArray apply(NDArray x) {
        return Conv3d.conv3d(x, weight, bias, conv.getStride(), conv.getPadding(), conv.getDilation(), conv.getGroups())
                .head();
    }

    @Override
    public void close() {
        manager.close();
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
