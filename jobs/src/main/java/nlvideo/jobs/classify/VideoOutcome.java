package nlvideo.jobs.classify;

import java.io.Serializable;
import nlvideo.pipeline.dataset.VideoRef;

/**
 * How one input video ended: its aggregated scores over {@code views} views (with each view's own
 * top-1 class), or an error kind and message. Every input has exactly one.
 *
 * @param paddedFrames frame positions, over the video's clips, that repeat its last frame or wrap
 * @param decodeErrors errors FFmpeg reported while decoding the video
 */
public record VideoOutcome(
        VideoRef ref,
        float[] scores,
        float[] meanFeature,
        int views,
        int[] viewTop1,
        String errorKind,
        String errorMessage,
        int paddedFrames,
        int decodeErrors)
        implements Serializable {

    static VideoOutcome predicted(VideoRef ref, VideoFold fold) {
        return new VideoOutcome(
                ref,
                fold.scores(),
                fold.meanFeature(),
                fold.views(),
                fold.viewTop1(),
                null,
                null,
                fold.paddedFrames(),
                fold.decodeErrors());
    }

    static VideoOutcome failed(VideoRef ref, String kind, String message) {
        return new VideoOutcome(ref, null, null, 0, new int[0], kind, message, 0, 0);
    }

    public boolean isPredicted() {
        return errorKind == null;
    }

    /** Whether the input's file was not found: counted as missing, apart from failures. */
    public boolean isMissing() {
        return ref.isMissing() || "not_found".equals(errorKind);
    }
}
