package nlvideo.jobs.classify;

import java.io.Serializable;

/**
 * What inference gives for one view (clip x crop) of a video, or why a unit of the video failed:
 * small rows, the only data that leaves an executor.
 *
 * @param scores the network's output: logits, or probabilities for the fully convolutional head
 * @param features the pool5 feature (null unless asked for)
 * @param errorKind null for a result; else the failure's code and message, and no scores
 * @param paddedFrames positions of the view's clip that repeat the last frame or wrap
 * @param decodeErrors errors FFmpeg reported just before the clip's frames
 * @param unitDecodeErrors on one view per work unit, the errors of the unit's stretch of the video
 *     (summed per video); 0 on the others
 */
public record ClipResult(
        String videoId,
        int clipIndex,
        int cropIndex,
        double startSeconds,
        double endSeconds,
        float[] scores,
        float[] features,
        String errorKind,
        String errorMessage,
        int paddedFrames,
        int decodeErrors,
        int unitDecodeErrors)
        implements Serializable {

    public static ClipResult failure(String videoId, String kind, String message) {
        return new ClipResult(videoId, -1, -1, 0, 0, null, null, kind, message, 0, 0, 0);
    }

    public boolean failed() {
        return errorKind != null;
    }
}
