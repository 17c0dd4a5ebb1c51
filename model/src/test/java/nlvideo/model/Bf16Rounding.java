package nlvideo.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How far bf16 inference may move a network's outputs from float32's, for tests of
 * {@link Precision#BF16}: bfloat16 keeps 8 significant bits, so each rounding of an operand or a
 * result errs by at most its unit roundoff 2^-9 relatively. A network that runs {@code ops} ops in
 * bf16 (the backbone's convolutions and matrix products) would move its outputs by
 * {@code ops x 2^-9} of their scale if every error added up in the same direction; independent
 * errors stay well below. For the tiny presets (29 such ops: stem, 4 bottlenecks of 3
 * convolutions plus a shortcut, 2 non-local blocks of 4 convolutions and 2 matrix products) that
 * is 5.7%;
 * measured on this CPU (AMD EPYC, AVX512_BF16): 0.25-0.9% with the trained demo weights, 2.6% with
 * random weights.
 *
 * <p>A bf16 result must also differ from float32's by more than float32 rounding would (2^-16 of
 * the scale), or bf16 did not run at all.
 */
public final class Bf16Rounding {

    /** The bf16 ops of tiny-nl-i3d and demo-nl-i3d. */
    public static final int TINY_OPS = 29;

    /** Differences below this fraction of the scale are float32 rounding, not bfloat16 arithmetic. */
    public static final double FLOAT32_NOISE = Math.pow(2, -16);

    private Bf16Rounding() {}

    /** The bound on |bf16 - fp32| as a fraction of the outputs' largest magnitude. */
    public static double bound(int ops) {
        return ops * Precision.BF16.unitRoundoff();
    }

    /** The largest magnitude in {@code v}. */
    public static double scale(float[] v) {
        double scale = 0;
        for (float e : v) {
            scale = Math.max(scale, Math.abs(e));
        }
        return scale;
    }

    public static double maxDifference(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    /**
     * Asserts that {@code bf16} is {@code fp32} moved by bf16 arithmetic: within {@link #bound} of
     * the scale, and by more than float32 noise.
     */
    public static void assertBf16Of(float[] fp32, float[] bf16, int ops, String what) {
        double scale = scale(fp32);
        double worst = maxDifference(fp32, bf16);
        assertTrue(worst <= bound(ops) * scale, what + ": bf16 moved it by " + worst + " of " + scale);
        assertTrue(worst > FLOAT32_NOISE * scale, what + ": bf16 left float32's result unchanged: it did not run");
    }
}
