package nlvideo.pipeline.dataset;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Rejects a second annotation row with the same video id (a Kinetics clip or Charades id listed
 * twice): every per-video output is keyed by it, and the annotation gave the id, so only its author
 * can say which row is right. The error names both lines.
 */
final class UniqueIds {
    private final Path file;
    private final Map<String, Integer> seen = new HashMap<>();

    UniqueIds(Path file) {
        this.file = file;
    }

    VideoRef check(VideoRef ref, int line) {
        Integer first = seen.putIfAbsent(ref.videoId(), line);
        if (first != null) {
            throw new DatasetException(
                    file,
                    line,
                    "video id '" + ref.videoId() + "' is given on line " + first + " and again on line " + line);
        }
        return ref;
    }
}
