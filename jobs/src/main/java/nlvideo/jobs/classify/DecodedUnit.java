package nlvideo.jobs.classify;

import java.util.List;
import nlvideo.pipeline.transform.ClipTensor;

/**
 * A work unit made ready for the network: its views as tensors, or why it could not be read.
 *
 * @param decodeErrors errors FFmpeg reported in the stretch of the video this unit reports
 *     ({@link WorkUnit#errorsFrom()} .. {@link WorkUnit#errorsTo()})
 * @param decodeNanos time spent decoding and scaling its frames
 * @param transformNanos time spent cropping and normalising its views
 */
record DecodedUnit(
        WorkUnit unit,
        List<View> views,
        int decodeErrors,
        String errorKind,
        String errorMessage,
        long decodeNanos,
        long transformNanos) {

    /**
     * One clip under one crop.
     *
     * @param paddedFrames positions of the clip that repeat or wrap ({@link nlvideo.pipeline.clip.ClipPadding})
     * @param decodeErrors errors FFmpeg reported just before the clip's frames
     */
    record View(
            int clipIndex,
            int cropIndex,
            double startSeconds,
            double endSeconds,
            int paddedFrames,
            int decodeErrors,
            ClipTensor tensor) {}

    static DecodedUnit failed(WorkUnit unit, String kind, String message) {
        return new DecodedUnit(unit, List.of(), 0, kind, message, 0, 0);
    }

    boolean failed() {
        return errorKind != null;
    }
}
