package nlvideo.pipeline.aggregate;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The running combination of some of one video's clips: a sum (for means) or a maximum, and the
 * clip count. Partials of the same video merge in any order to the same result, which is what a
 * distributed combine needs.
 */
public final class PartialAggregate implements Serializable {
    private static final long serialVersionUID = 1L;

    private final VideoAggregator.Method method;
    private double[] acc;
    private int clips;

    PartialAggregate(VideoAggregator.Method method) {
        this.method = method;
    }

    /** Adds one clip's logits. */
    public PartialAggregate add(float[] logits) {
        if (logits == null || logits.length == 0) {
            throw new IllegalArgumentException("empty clip score vector");
        }
        float[] values = method == VideoAggregator.Method.MEAN_LOGITS ? logits : VideoAggregator.softmax(logits);
        if (acc == null) {
            acc = new double[values.length];
            if (method == VideoAggregator.Method.MAX_SOFTMAX) {
                Arrays.fill(acc, Double.NEGATIVE_INFINITY);
            }
        } else if (acc.length != values.length) {
            throw new IllegalArgumentException("clip has " + values.length + " scores, earlier clips " + acc.length);
        }
        for (int i = 0; i < values.length; i++) {
            acc[i] = method == VideoAggregator.Method.MAX_SOFTMAX ? Math.max(acc[i], values[i]) : acc[i] + values[i];
        }
        clips++;
        return this;
    }

    /** Folds another partial of the same video into this one. */
    public PartialAggregate merge(PartialAggregate other) {
        if (other.method != method) {
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
        for (int i = 0; i < acc.length; i++) {
            acc[i] = method == VideoAggregator.Method.MAX_SOFTMAX
                    ? Math.max(acc[i], other.acc[i])
                    : acc[i] + other.acc[i];
        }
        clips += other.clips;
        return this;
    }

    public int clips() {
        return clips;
    }

    /** The video's scores; an error when no clip was added. */
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
