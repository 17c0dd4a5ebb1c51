package nlvideo.model;

import java.util.Locale;

/**
 * The arithmetic precision of inference, chosen when a network is prepared for it
 * ({@link InferenceMode#apply(NlI3d, Precision)}).
 *
 * <ul>
 *   <li>{@link #FP32}: float32 throughout.
 *   <li>{@link #BF16}: the backbone (stem to res5) under PyTorch's automatic mixed precision
 *       ({@code torch.autocast} with bfloat16, see {@link Autocast}): convolutions and matrix
 *       products run in bfloat16 on bfloat16 copies of their inputs and weights, the non-local
 *       softmaxes in float32; pool5 and the classifier head in float32. Faster on CPUs with bf16
 *       instructions (AVX512_BF16, AMX) and on GPUs; each bf16 op rounds by up to 2^-9.
 * </ul>
 *
 * Weights are stored in float32 either way, so one loaded model serves both and checkpoints are
 * unchanged.
 */
public enum Precision {
    FP32,
    BF16;

    /** Names accepted by {@link #parse}. */
    public static final String NAMES = "fp32, bf16";

    /**
     * {@code fp32} or {@code bf16} (case-insensitive; also {@code float32}, {@code bfloat16}).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static Precision parse(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "fp32", "float32" -> FP32;
            case "bf16", "bfloat16" -> BF16;
            default -> throw new IllegalArgumentException("unknown precision '" + name + "' (expected " + NAMES + ")");
        };
    }

    /**
     * The largest relative error of one rounding to this format: 2^-24 for float32 (24 significant
     * bits), 2^-9 for bfloat16 (8). Tests bound a network's deviation by it times its op count.
     */
    public double unitRoundoff() {
        return this == FP32 ? Math.pow(2, -24) : Math.pow(2, -9);
    }

    /** The name {@link #parse} reads back: {@code fp32} or {@code bf16}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
