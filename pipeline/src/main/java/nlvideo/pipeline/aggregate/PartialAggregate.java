package nlvideo.pipeline.aggregate;

import java.io.Serializable;
import java.util.Arrays;
import nlvideo.model.train.ClassScores;

/**
 * The running combination of some of one video's views: a sum (for means) or a maximum, and the
 * view count. Partials of the same video merge in any order to the same result (up to float
 * rounding of the sums), which is what a distributed combine needs.
 */
public final class PartialAggregate implements Serializable {
    private static final long serialVersionUID = 1L;

    private final VideoAggregator.Method method;
    private final boolean probabilities;
    private double[] acc;
    private int clips;

    PartialAggregate(VideoAggregator.Method method, boolean probabilities) {
        this.method = method;
        this.probabilities = probabilities;
    }

    /**
     * Adds one view's scores: logits, or probabilities when the aggregator was made for them.
     *
     * @return this
     * @throws IllegalArgumentException for an empty vector, or one of another length than earlier views'
     */
    public PartialAggregate add(float[] scores) {
        if (scores == null || scores.length == 0) {
            throw new IllegalArgumentException("empty clip score vector");
        }
        double[] values = values(scores);
        if (acc == null) {
            acc = new double[values.length];
            if (method == VideoAggregator.Method.MAX_SOFTMAX) {
                Arrays.fill(acc, Double.NEGATIVE_INFINITY);
            }
        } else if (acc.length != values.length) {
            throw new IllegalArgumentException("clip has " + values.length + " scores, earlier clips " + acc.length);
        }
        combine(values);
        clips++;
        return this;
    }

    /** What the method combines: the scores themselves (probabilities, or logits for their mean), else their softmax. */
    private double[] values(float[] scores) {
        if (probabilities || method == VideoAggregator.Method.MEAN_LOGITS) {
            double[] v = new double[scores.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = scores[i];
            }
            return v;
        }
        return ClassScores.softmax(scores);
    }

    private void combine(double[] values) {
        for (int i = 0; i < values.length; i++) {
            acc[i] = method == VideoAggregator.Method.MAX_SOFTMAX ? Math.max(acc[i], values[i]) : acc[i] + values[i];
        }
    }

    /**
     * Folds another partial of the same video into this one.
     *
     * @return this
     * @throws IllegalArgumentException when the partials use other methods or score lengths
     */
    public PartialAggregate merge(PartialAggregate other) {
        if (other.method != method || other.probabilities != probabilities) {
            throw new IllegalArgumentException("cannot merge " + other.method + " into " + method);
        }
        if (other.clips == 0) {
            return this;
        }
        if (clips == 0) {
            acc = other.acc.clone();
            clips = other.clips;
            return this;
        }
        if (other.acc.length != acc.length) {
            throw new IllegalArgumentException("partials have " + other.acc.length + " and " + acc.length + " scores");
        }
        combine(other.acc);
        clips += other.clips;
        return this;
    }

    /** Views added so far. */
    public int clips() {
        return clips;
    }

    /**
     * The video's K scores: mean or maximum probabilities, or mean logits.
     *
     * @throws IllegalStateException when no view was added
     */
    public float[] result() {
        if (clips == 0) {
            throw new IllegalStateException("no clips to aggregate");
        }
        float[] out = new float[acc.length];
        boolean mean = method != VideoAggregator.Method.MAX_SOFTMAX;
        for (int i = 0; i < acc.length; i++) {
            out[i] = (float) (mean ? acc[i] / clips : acc[i]);
        }
        return out;
    }
}
