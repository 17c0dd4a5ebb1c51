package nlvideo.jobs.classify;

import java.io.Serializable;
import nlvideo.pipeline.dataset.VideoRef;

/**
 * How one input video ended: its aggregated scores over {@code views} views (with each view's own
 * top-1 class), or an error kind and message. Every input has exactly one.
 */
public record VideoOutcome(
        VideoRef ref,
        float[] scores,
        float[] meanFeature,
        int views,
        int[] viewTop1,
        String errorKind,
        String errorMessage)
        implements Serializable {

    static VideoOutcome predicted(VideoRef ref, VideoFold fold) {
        return new VideoOutcome(ref, fold.scores(), fold.meanFeature(), fold.views(), fold.viewTop1(), null, null);
    }

    static VideoOutcome failed(VideoRef ref, String kind, String message) {
        return new VideoOutcome(ref, null, null, 0, new int[0], kind, message);
    }

    public boolean isPredicted() {
        return errorKind == null;
    }

    /** Whether the input's file was not found: counted as missing, apart from failures. */
    public boolean isMissing() {
        return ref.isMissing() || "not_found".equals(errorKind);
    }
}
