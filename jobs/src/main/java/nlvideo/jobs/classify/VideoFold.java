package nlvideo.jobs.classify;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import nlvideo.pipeline.aggregate.PartialAggregate;
import nlvideo.pipeline.aggregate.TopK;
import nlvideo.pipeline.aggregate.VideoAggregator;

/**
 * The running result of one video while its views arrive from any number of tasks: the score
 * aggregate (of logits or probabilities, as the {@link VideoAggregator} was made for), the sum of
 * its views' pool5 features, each view's top-1 class, its padded frame positions (once per clip,
 * whatever its crops) and decode errors (once per work unit), and the first failure if a unit of it failed
 * (then the whole video is an error row: a prediction from part of its clips would pass silently
 * for one from all of them).
 */
public final class VideoFold implements Serializable {

    private PartialAggregate scores;
    private float[] featureSum;
    private int views;
    private final List<Integer> viewTop1 = new ArrayList<>();
    private int paddedFrames;
    private int decodeErrors;
    private String errorKind;
    private String errorMessage;

    VideoFold(VideoAggregator aggregator) {
        this.scores = aggregator.start();
    }

    VideoFold add(ClipResult clip) {
        if (clip.failed()) {
            if (errorKind == null) {
                errorKind = clip.errorKind();
                errorMessage = clip.errorMessage();
            }
            return this;
        }
        scores.add(clip.scores());
        addFeatures(clip.features());
        views++;
        if (clip.cropIndex() == 0) {
            paddedFrames += clip.paddedFrames();
        }
        decodeErrors += clip.unitDecodeErrors();
        viewTop1.add(TopK.argmax(clip.scores()));
        return this;
    }

    VideoFold merge(VideoFold other) {
        scores = scores.merge(other.scores);
        addFeatures(other.featureSum);
        views += other.views;
        paddedFrames += other.paddedFrames;
        decodeErrors += other.decodeErrors;
        viewTop1.addAll(other.viewTop1);
        if (errorKind == null) {
            errorKind = other.errorKind;
            errorMessage = other.errorMessage;
        }
        return this;
    }

    private void addFeatures(float[] features) {
        if (features == null) {
            return;
        }
        if (featureSum == null) {
            featureSum = new float[features.length];
        }
        for (int i = 0; i < featureSum.length; i++) {
            featureSum[i] += features[i];
        }
    }

    /** Whether a unit of the video failed (its first failure is kept). */
    public boolean failed() {
        return errorKind != null;
    }

    /** The first failure's kind (a {@code VideoErrorKind} code), or null. */
    public String errorKind() {
        return errorKind;
    }

    /** The first failure's message, or null. */
    public String errorMessage() {
        return errorMessage;
    }

    /** Views (clip x crop) classified. */
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
        return viewTop1.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The aggregated class scores, K values: probabilities (mean or max), or mean logits. */
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
}
