package nlvideo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random weights that are the same in every JVM for the same seed, drawn as each parameter's own
 * initializer asks: constants stay constants (BN scale 1 and shift 0, running statistics 0 and 1,
 * zero biases, and the zero BN scale of each non-local block's W_z, which {@link NonLocalBlock}
 * sets so that a new block is an identity), a {@link GaussianInit} keeps its standard deviation
 * (the classifier's 0.01, which keeps the untrained softmax from saturating), and every other
 * weight is He-normal ({@code sqrt(2 / fan_in)}, DJL's default for convolutions). Each tensor draws
 * from its own stream, seeded by the seed and the parameter's name, so neither thread timing nor
 * engine RNG state can make two executors hold different networks. For demos and tests before
 * trained weights exist, and as the start of training.
 */
public final class SeededWeights {

    private SeededWeights() {}

    /**
     * Sets every parameter of {@code net} (initialised) from {@code seed}.
     *
     * @throws ArithmeticException for a tensor of more than 2^31 - 1 elements
     */
    public static void fill(NlI3d net, long seed) {
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            Parameter p = e.getValue();
            NDArray array = p.getArray();
            array.set(values(e.getKey(), p.getInitializer(), array.getShape().getShape(), seed));
        }
    }

    static float[] values(String name, Initializer init, long[] shape, long seed) {
        int size = 1;
        for (long d : shape) {
            size = Math.multiplyExact(size, (int) d);
        }
        float[] v = new float[size];
        if (init == Initializer.ZEROS) {
            return v;
        }
        if (init == Initializer.ONES) {
            Arrays.fill(v, 1f);
            return v;
        }
        long fanIn = size / shape[0];
        double std = init instanceof GaussianInit g ? g.std() : Math.sqrt(2.0 / Math.max(1, fanIn));
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ name.hashCode());
        for (int i = 0; i < size; i++) {
            v[i] = (float) (nextGaussian(random) * std);
        }
        return v;
    }

    private static double nextGaussian(SplittableRandom random) {
        double u = random.nextDouble(Double.MIN_VALUE, 1.0);
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
