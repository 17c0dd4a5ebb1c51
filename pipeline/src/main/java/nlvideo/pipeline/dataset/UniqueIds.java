package nlvideo.pipeline.dataset;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Rejects a second row with the same video id: every per-video output is keyed by it. */
final class UniqueIds {
    private final Path file;
    private final Map<String, Integer> seen = new HashMap<>();

    UniqueIds(Path file) {
        this.file = file;
    }

    VideoRef check(VideoRef ref, int line) {
        Integer first = seen.putIfAbsent(ref.videoId(), line);
        if (first != null) {
            throw new DatasetException(file, line, "video id '" + ref.videoId() + "' already used on line " + first);
        }
        return ref;
    }
}
