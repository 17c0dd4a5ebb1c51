package nlvideo.pipeline.metrics;

import java.util.List;
import nlvideo.pipeline.dataset.LabelList;

/**
 * What evaluation knows of one annotated video: its true classes, and either its aggregated scores
 * or why it has none. Missing and failed videos stay in the set so that metrics are over every
 * annotated video, with those counted as wrong and reported apart.
 *
 * @param labels     true class indices (one for Kinetics, a set for Charades; empty: unlabeled)
 * @param scores     video scores, one per class; null unless {@code status} is PREDICTED
 * @param clipTop1   each clip's own top-1 class when known (for clip accuracy); may be empty.
 *                   Only the argmax is kept: it is all clip accuracy needs, and cheap to bring
 *                   back from the executors
 */
public record VideoPrediction(String videoId, int[] labels, float[] scores, Status status, int[] clipTop1) {

    /** Whether the video has scores. */
    public enum Status {
        /** Classified: scores are there. */
        PREDICTED,
        /** The annotated file was not found. */
        MISSING,
        /** The file exists but could not be decoded or classified. */
        FAILED
    }

    public VideoPrediction {
        labels = labels == null ? new int[0] : labels.clone();
        clipTop1 = clipTop1 == null ? new int[0] : clipTop1.clone();
        if (status == null) {
            throw new IllegalArgumentException("status is null");
        }
        if ((status == Status.PREDICTED) != (scores != null)) {
            throw new IllegalArgumentException(videoId + ": scores must be given exactly when predicted");
        }
    }

    /** A classified video, without per-clip results. */
    public static VideoPrediction predicted(String videoId, int[] labels, float[] scores) {
        return new VideoPrediction(videoId, labels, scores, Status.PREDICTED, new int[0]);
    }

    /** A classified video with each clip's top-1 class. */
    public static VideoPrediction predicted(String videoId, int[] labels, float[] scores, int[] clipTop1) {
        return new VideoPrediction(videoId, labels, scores, Status.PREDICTED, clipTop1);
    }

    /** An annotated video whose file was not found. */
    public static VideoPrediction missing(String videoId, int[] labels) {
        return new VideoPrediction(videoId, labels, null, Status.MISSING, new int[0]);
    }

    /** A video that could not be classified. */
    public static VideoPrediction failed(String videoId, int[] labels) {
        return new VideoPrediction(videoId, labels, null, Status.FAILED, new int[0]);
    }

    /** Whether the video has scores. */
    public boolean isPredicted() {
        return status == Status.PREDICTED;
    }

    /** Label names or codes as a {@code VideoRef} carries them, to the list's class indices. */
    public static int[] classIndices(List<String> labels, LabelList list) {
        int[] out = new int[labels.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.require(labels.get(i));
        }
        return out;
    }
}
