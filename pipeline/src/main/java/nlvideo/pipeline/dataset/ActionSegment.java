package nlvideo.pipeline.dataset;

import java.io.Serializable;

/**
 * One annotated action interval of a Charades video ({@code c092 11.90 21.20}): the class code and
 * its start and end in seconds. Kept beside the video's label set because per-frame (localization)
 * evaluation needs the times, not only which classes occur.
 */
public record ActionSegment(String classCode, double startSeconds, double endSeconds) implements Serializable {
    public ActionSegment {
        if (classCode == null || classCode.isBlank()) {
            throw new IllegalArgumentException("action segment without a class");
        }
    }
}
