package nlvideo.pipeline.dataset;

import java.io.Serializable;
import java.util.List;

/**
 * One input video as the driver knows it before anything is decoded: a stable id, where the file
 * is, and its ground truth when the input carries any.
 *
 * <p>{@code path} is null when an annotated video could not be located (a Kinetics or Charades
 * entry whose file is not under the videos folder). Such a reference is kept rather than dropped, so
 * evaluation counts the video (as wrong, and apart) instead of silently scoring a smaller set.
 *
 * @param videoId  unique id within the input; the key of every per-video output row
 * @param path     local path or URI of the file, or null when missing
 * @param labels   ground-truth labels as the label list names them (Kinetics class name, Charades
 *                 code); empty when unlabeled
 * @param segments Charades action intervals; empty for other inputs
 */
public record VideoRef(String videoId, String path, List<String> labels, List<ActionSegment> segments)
        implements Serializable {

    public VideoRef {
        if (videoId == null || videoId.isBlank()) {
            throw new IllegalArgumentException("video id is empty");
        }
        labels = labels == null ? List.of() : List.copyOf(labels);
        segments = segments == null ? List.of() : List.copyOf(segments);
    }

    public VideoRef(String videoId, String path, List<String> labels) {
        this(videoId, path, labels, List.of());
    }

    /** An annotated video whose file was not found. */
    public static VideoRef missing(String videoId, List<String> labels, List<ActionSegment> segments) {
        return new VideoRef(videoId, null, labels, segments);
    }

    public boolean isMissing() {
        return path == null;
    }

    public boolean isLabeled() {
        return !labels.isEmpty();
    }
}
