package nlvideo.jobs.classify;

import java.util.List;
import nlvideo.pipeline.transform.ClipTensor;

/**
 * A work unit made ready for the network: its views as tensors, or why it could not be read.
 *
 * @param decodeNanos time spent decoding and scaling its frames
 * @param transformNanos time spent cropping and normalising its views
 */
record DecodedUnit(
        WorkUnit unit, List<View> views, String errorKind, String errorMessage, long decodeNanos, long transformNanos) {

    /** One clip under one crop. */
    record View(int clipIndex, int cropIndex, double startSeconds, double endSeconds, ClipTensor tensor) {}

    static DecodedUnit failed(WorkUnit unit, String kind, String message) {
        return new DecodedUnit(unit, List.of(), kind, message, 0, 0);
    }

    boolean failed() {
        return errorKind != null;
    }
}
