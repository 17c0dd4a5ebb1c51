package nlvideo.jobs.timeline;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import nlvideo.pipeline.aggregate.TopK;

/**
 * Folds per-step class probabilities into label segments: a centred moving average of
 * {@code smooth} seconds over the steps, then each step's top-1 label where its smoothed
 * probability is above {@code threshold}, adjacent steps of one label merged, spans shorter
 * than one step dropped (only a video's last, partial step can be).
 *
 * <p>The moving average at step k is the mean of steps k - h .. k + h that exist, with
 * h = floor(smooth / (2 x step)): 0 (no smoothing) below two steps, 1 (three steps) for two or
 * three steps' worth, and so on.
 */
public final class Segmenter implements Serializable {

    private final double step;
    private final double smooth;
    private final double threshold;

    /**
     * @param step seconds per step, > 0
     * @param smooth seconds of the moving average, >= 0
     * @param threshold minimum smoothed probability of a step's top label, in [0, 1)
     * @throws IllegalArgumentException for values outside those ranges
     */
    public Segmenter(double step, double smooth, double threshold) {
        if (!(step > 0)) {
            throw new IllegalArgumentException("step must be > 0, got " + step);
        }
        if (!(smooth >= 0) || Double.isInfinite(smooth)) {
            throw new IllegalArgumentException("smooth must be >= 0 seconds, got " + smooth);
        }
        if (!(threshold >= 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1), got " + threshold);
        }
        this.step = step;
        this.smooth = smooth;
        this.threshold = threshold;
    }

    /** Steps on each side of the moving average's centre. */
    public int halfWidth() {
        return (int) Math.floor(smooth / (2 * step) + 1e-9);
    }

    /**
     * The centred moving average of the steps' probabilities.
     *
     * @param probabilities steps x classes
     * @return a new array of the same shape
     */
    public float[][] smooth(float[][] probabilities) {
        int h = halfWidth();
        int n = probabilities.length;
        float[][] out = new float[n][];
        for (int k = 0; k < n; k++) {
            int from = Math.max(0, k - h);
            int to = Math.min(n - 1, k + h);
            float[] mean = new float[probabilities[k].length];
            for (int j = from; j <= to; j++) {
                for (int c = 0; c < mean.length; c++) {
                    mean[c] += probabilities[j][c];
                }
            }
            for (int c = 0; c < mean.length; c++) {
                mean[c] /= (to - from + 1);
            }
            out[k] = mean;
        }
        return out;
    }

    /**
     * The segments of one video.
     *
     * @param starts start of each step in seconds, increasing
     * @param ends end of each step in seconds
     * @param probabilities steps x classes, each row a distribution
     */
    public List<Segment> segments(double[] starts, double[] ends, float[][] probabilities) {
        float[][] smoothed = smooth(probabilities);
        List<Segment> out = new ArrayList<>();
        int runLabel = -1;
        int runFrom = 0;
        double runSum = 0;
        for (int k = 0; k <= smoothed.length; k++) {
            int label = -1;
            float score = 0;
            if (k < smoothed.length) {
                label = TopK.argmax(smoothed[k]);
                score = smoothed[k][label];
                if (!(score > threshold)) {
                    label = -1;
                }
            }
            if (label != runLabel || k == smoothed.length) {
                if (runLabel >= 0) {
                    add(out, starts[runFrom], ends[k - 1], runLabel, runSum / (k - runFrom));
                }
                runLabel = label;
                runFrom = k;
                runSum = 0;
            }
            runSum += score;
        }
        return out;
    }

    private void add(List<Segment> out, double start, double end, int label, double mean) {
        if (end - start >= step - 1e-9) {
            out.add(new Segment(start, end, label, mean));
        }
    }
}
