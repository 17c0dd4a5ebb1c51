package nlvideo.jobs.timeline;

import java.io.Serializable;
import java.util.List;
import nlvideo.jobs.classify.ClipResult;
import nlvideo.pipeline.aggregate.VideoAggregator;

/**
 * One video's timeline: for every step, its time span and class probabilities (the mean over the
 * step clip's crops of their softmax, or of the fully convolutional head's probabilities), and
 * the label segments they fold into.
 *
 * @param starts step starts in seconds
 * @param ends step ends in seconds
 * @param probabilities steps x classes, each row summing to 1
 * @param segments the {@link Segmenter}'s spans
 */
public record VideoTimeline(
        String videoId,
        double duration,
        double[] starts,
        double[] ends,
        float[][] probabilities,
        List<Segment> segments)
        implements Serializable {

    /**
     * Builds a video's timeline from its clip results (any order, any number of crops per step).
     *
     * @param clips the video's results, clip index = step index; none failed
     * @param scoresAreProbabilities true for the fully convolutional head, whose outputs are
     *     probabilities already; else they are logits
     * @throws IllegalArgumentException when a step of the plan has no result
     */
    public static VideoTimeline of(
            String videoId,
            double duration,
            Iterable<ClipResult> clips,
            boolean scoresAreProbabilities,
            StepPlan plan,
            Segmenter segmenter) {
        int n = plan.steps(duration);
        float[][] sums = new float[n][];
        int[] crops = new int[n];
        VideoAggregator toProbabilities =
                new VideoAggregator(VideoAggregator.Method.MEAN_SOFTMAX, scoresAreProbabilities);
        for (ClipResult c : clips) {
            int k = c.clipIndex();
            float[] p = toProbabilities.aggregate(List.of(c.scores()));
            if (sums[k] == null) {
                sums[k] = new float[p.length];
            }
            for (int i = 0; i < p.length; i++) {
                sums[k][i] += p[i];
            }
            crops[k]++;
        }
        double[] starts = new double[n];
        double[] ends = new double[n];
        for (int k = 0; k < n; k++) {
            if (sums[k] == null) {
                throw new IllegalArgumentException(videoId + ": step " + k + " of " + n + " has no scores");
            }
            for (int i = 0; i < sums[k].length; i++) {
                sums[k][i] /= crops[k];
            }
            starts[k] = plan.start(k);
            ends[k] = plan.end(k, duration);
        }
        return new VideoTimeline(videoId, duration, starts, ends, sums, segmenter.segments(starts, ends, sums));
    }

    public int steps() {
        return starts.length;
    }
}
