package nlvideo.pipeline.aggregate;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * Combines the score vectors (logits) of a video's clips into one prediction for the video, as
 * multi-clip testing does (the paper averages the softmax scores of 10 clips x 3 crops).
 *
 * <p>Every method is a fold over clips ({@link #start()} gives a {@link PartialAggregate} that can
 * take clips in any order and merge with another), so the Spark jobs can combine clip rows on the
 * executors and shuffle only one small partial per video.
 */
public final class VideoAggregator implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Method {
        /** Mean of the clips' softmax probabilities (the paper's and PySlowFast's Kinetics test). */
        MEAN_SOFTMAX,
        /** Per-class maximum of the clips' softmax probabilities. */
        MAX_SOFTMAX,
        /** Mean of the raw logits (mmaction2's {@code average_clips='score'}). */
        MEAN_LOGITS;

        /** Parses {@code mean-softmax}, {@code max-softmax}, {@code mean-logits} (also {@code max}, {@code logits}). */
        public static Method parse(String name) {
            String n = name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
            return switch (n) {
                case "mean_softmax", "mean", "softmax" -> MEAN_SOFTMAX;
                case "max_softmax", "max" -> MAX_SOFTMAX;
                case "mean_logits", "logits", "score" -> MEAN_LOGITS;
                default ->
                    throw new IllegalArgumentException(
                            "unknown aggregation '" + name + "' (expected mean-softmax, max-softmax, mean-logits)");
            };
        }
    }

    private final Method method;

    public VideoAggregator(Method method) {
        if (method == null) {
            throw new IllegalArgumentException("aggregation method is null");
        }
        this.method = method;
    }

    /** The default: mean of softmax. */
    public VideoAggregator() {
        this(Method.MEAN_SOFTMAX);
    }

    public Method method() {
        return method;
    }

    /** An empty fold for one video. */
    public PartialAggregate start() {
        return new PartialAggregate(method);
    }

    /** The video's scores from all its clips' logits (probabilities, or mean logits). */
    public float[] aggregate(List<float[]> clipLogits) {
        PartialAggregate partial = start();
        clipLogits.forEach(partial::add);
        return partial.result();
    }

    /** Numerically stable softmax, accumulated in double. */
    public static float[] softmax(float[] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("empty score vector");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] e = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        float[] p = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }
}
