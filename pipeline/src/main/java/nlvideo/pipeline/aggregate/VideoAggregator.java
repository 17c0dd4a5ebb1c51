package nlvideo.pipeline.aggregate;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * Combines the score vectors of a video's views into one prediction for the video, as multi-clip
 * testing does (the paper averages the softmax scores of 10 clips x 3 crops; PySlowFast's
 * {@code test_net.py} sums the views' head outputs, which for its fully convolutional test head are
 * already softmax probabilities).
 *
 * <p>The aggregator knows which kind of scores it receives: logits (the global-average head), or
 * class probabilities (the fully convolutional test head, {@code ModelConfig#outputsProbabilities}).
 * Probabilities are averaged or maximised as they are; logits go through a softmax first, except
 * for {@link Method#MEAN_LOGITS}, which cannot be computed from probabilities and is refused for
 * them.
 *
 * <p>Every method is a fold over clips ({@link #start()} gives a {@link PartialAggregate} that can
 * take clips in any order and merge with another), so the Spark jobs can combine clip rows on the
 * executors and shuffle only one small partial per video.
 */
public final class VideoAggregator implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How the views' scores combine. */
    public enum Method {
        /** Mean of the views' softmax probabilities (the paper's and PySlowFast's Kinetics test). */
        MEAN_SOFTMAX,
        /** Per-class maximum of the views' softmax probabilities. */
        MAX_SOFTMAX,
        /** Mean of the raw logits (mmaction2's {@code average_clips='score'}); logits only. */
        MEAN_LOGITS;

        /**
         * Parses {@code mean-softmax}, {@code max-softmax}, {@code mean-logits} (also {@code max},
         * {@code logits}; case and {@code -}/{@code _} do not matter).
         *
         * @throws IllegalArgumentException naming the accepted values
         */
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
    private final boolean probabilities;

    /**
     * @param method how views combine
     * @param probabilities whether the scores it receives are class probabilities (a fully
     *     convolutional head) rather than logits
     * @throws IllegalArgumentException for {@link Method#MEAN_LOGITS} on probabilities
     */
    public VideoAggregator(Method method, boolean probabilities) {
        if (method == null) {
            throw new IllegalArgumentException("aggregation method is null");
        }
        if (method == Method.MEAN_LOGITS && probabilities) {
            throw new IllegalArgumentException("mean-logits needs logits, but this network's head outputs"
                    + " probabilities (the fully convolutional test head): use mean-softmax or max-softmax");
        }
        this.method = method;
        this.probabilities = probabilities;
    }

    /** An aggregator of logits. */
    public VideoAggregator(Method method) {
        this(method, false);
    }

    /** The default: mean of softmax, on logits. */
    public VideoAggregator() {
        this(Method.MEAN_SOFTMAX);
    }

    /** How views combine. */
    public Method method() {
        return method;
    }

    /** Whether the scores it receives are probabilities rather than logits. */
    public boolean probabilities() {
        return probabilities;
    }

    /** An empty fold for one video. */
    public PartialAggregate start() {
        return new PartialAggregate(method, probabilities);
    }

    /**
     * The video's scores from all its views: probabilities (mean or max), or mean logits.
     *
     * @param clipScores one score vector per view, all of the same length K
     * @throws IllegalArgumentException for no views, or views of different lengths
     */
    public float[] aggregate(List<float[]> clipScores) {
        PartialAggregate partial = start();
        clipScores.forEach(partial::add);
        return partial.result();
    }
}
