package nlvideo.jobs.classify;

import java.io.Serializable;
import nlvideo.pipeline.aggregate.PartialAggregate;
import nlvideo.pipeline.aggregate.TopK;
import nlvideo.pipeline.aggregate.VideoAggregator;

/**
 * The running result of one video while its clips arrive from any number of tasks: the score
 * aggregate, the sum of its clip features, its padded frame positions (once per clip, whatever
 * its crops) and decode errors (once per work unit), and the first failure if a unit of it failed
 * (then the whole video is an error row: a prediction from part of its clips would pass silently
 * for one from all of them).
 */
public final class VideoFold implements Serializable {

    private final boolean scoresAreProbabilities;
    private PartialAggregate scores;
    private float[] featureSum;
    private int views;
    private int[] viewTop1 = new int[0];
    private int paddedFrames;
    private int decodeErrors;
    private String errorKind;
    private String errorMessage;

    VideoFold(VideoAggregator aggregator, boolean scoresAreProbabilities) {
        this.scores = aggregator.start();
        this.scoresAreProbabilities = scoresAreProbabilities;
    }

    VideoFold add(ClipResult clip) {
        if (clip.failed()) {
            if (errorKind == null) {
                errorKind = clip.errorKind();
                errorMessage = clip.errorMessage();
            }
            return this;
        }
        // probabilities enter as log-probabilities: softmax(log p) = p, so "mean of softmax" is the
        // mean of the head's probabilities, as the reference code's fully convolutional test does
        scores.add(scoresAreProbabilities ? log(clip.scores()) : clip.scores());
        if (clip.features() != null) {
            if (featureSum == null) {
                featureSum = new float[clip.features().length];
            }
            for (int i = 0; i < featureSum.length; i++) {
                featureSum[i] += clip.features()[i];
            }
        }
        views++;
        if (clip.cropIndex() == 0) {
            paddedFrames += clip.paddedFrames();
        }
        decodeErrors += clip.unitDecodeErrors();
        viewTop1 = java.util.Arrays.copyOf(viewTop1, viewTop1.length + 1);
        viewTop1[viewTop1.length - 1] = TopK.argmax(clip.scores());
        return this;
    }

    VideoFold merge(VideoFold other) {
        scores = scores.merge(other.scores);
        if (other.featureSum != null) {
            if (featureSum == null) {
                featureSum = new float[other.featureSum.length];
            }
            for (int i = 0; i < featureSum.length; i++) {
                featureSum[i] += other.featureSum[i];
            }
        }
        views += other.views;
        paddedFrames += other.paddedFrames;
        decodeErrors += other.decodeErrors;
        int[] joined = java.util.Arrays.copyOf(viewTop1, viewTop1.length + other.viewTop1.length);
        System.arraycopy(other.viewTop1, 0, joined, viewTop1.length, other.viewTop1.length);
        viewTop1 = joined;
        if (errorKind == null) {
            errorKind = other.errorKind;
            errorMessage = other.errorMessage;
        }
        return this;
    }

    public boolean failed() {
        return errorKind != null;
    }

    public String errorKind() {
        return errorKind;
    }

    public String errorMessage() {
        return errorMessage;
    }

    public int views() {
        return views;
    }

    /** Frame positions, over the video's clips, that repeat its last frame or wrap to its start. */
    public int paddedFrames() {
        return paddedFrames;
    }

    /** Errors FFmpeg reported while decoding the video's frames. */
    public int decodeErrors() {
        return decodeErrors;
    }

    /** Each view's own top-1 class (for clip accuracy), in arrival order. */
    public int[] viewTop1() {
        return viewTop1.clone();
    }

    /** The aggregated class scores (probabilities, or mean logits for that method). */
    public float[] scores() {
        return scores.result();
    }

    /** The mean pool5 feature over the video's views, or null when features were not asked for. */
    public float[] meanFeature() {
        if (featureSum == null) {
            return null;
        }
        float[] mean = featureSum.clone();
        for (int i = 0; i < mean.length; i++) {
            mean[i] /= views;
        }
        return mean;
    }

    private static float[] log(float[] p) {
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = (float) Math.log(Math.max(p[i], 1e-30f));
        }
        return out;
    }
}
