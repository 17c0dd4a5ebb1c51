package nlvideo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random weights that are the same in every JVM for the same seed: He-normal convolutions, a
 * classifier drawn with std 0.01 (as the paper's code initialises {@code pred_w}, which keeps the
 * untrained softmax from saturating), identity batch norms except the one after each non-local
 * block's W_z, whose scale starts at zero so that the block starts as an identity (the paper,
 * section 4.1), and zero biases. Each tensor draws from its own stream, seeded by
 * the seed and the parameter's name, so neither thread timing nor engine RNG state can make two
 * executors hold different networks. For demos and tests before trained weights exist.
 */
public final class SeededWeights {

    private SeededWeights() {}

    public static void fill(NlI3d net, long seed) {
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            NDArray array = e.getValue().getArray();
            array.set(values(e.getKey(), array.getShape().getShape(), seed));
        }
    }

    static float[] values(String name, long[] shape, long seed) {
        int size = 1;
        for (long d : shape) {
            size = Math.multiplyExact(size, (int) d);
        }
        float[] v = new float[size];
        if (name.endsWith(".nonlocal.bn.gamma")) {
            return v; // zero: a new non-local block passes its input through unchanged
        } else if (name.endsWith(".gamma") || name.endsWith(".runningVar")) {
            java.util.Arrays.fill(v, 1f);
        } else if (name.endsWith(".weight")) {
            long fanIn = size / shape[0];
            double std = name.startsWith("head.") ? 0.01 : Math.sqrt(2.0 / Math.max(1, fanIn));
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ name.hashCode());
            for (int i = 0; i < size; i++) {
                v[i] = (float) (nextGaussian(random) * std);
            }
        }
        return v; // beta, runningMean and biases stay 0
    }

    private static double nextGaussian(SplittableRandom random) {
        double u = random.nextDouble(Double.MIN_VALUE, 1.0);
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
