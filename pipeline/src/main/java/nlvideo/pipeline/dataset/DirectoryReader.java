package nlvideo.pipeline.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An unlabeled collection: every video file under a folder (or one video file). The video id is
 * the path below the folder without its extension ({@code cats/001}), stable across runs and
 * machines; when two files differ only by extension both keep it ({@code cats/001.mp4}).
 */
public final class DirectoryReader {
    private DirectoryReader() {}

    public static List<VideoRef> read(Path input) {
        return read(input, false);
    }

    /**
     * @param everyFile list every non-hidden file, whatever its extension: what {@code probe}
     *                  wants, to say what each file in a folder is
     */
    public static List<VideoRef> read(Path input, boolean everyFile) {
        if (Files.isRegularFile(input)) {
            String name = input.getFileName().toString();
            return List.of(new VideoRef(
                    VideoExtensions.stripExtension(name),
                    input.toAbsolutePath().normalize().toString(),
                    List.of()));
        }
        VideoFileIndex index = everyFile ? VideoFileIndex.scan(input, name -> true) : VideoFileIndex.scan(input);
        return refs(index.root(), index.files());
    }

    /**
     * References to {@code files} below {@code root}, with the ids {@link #read} gives: the path below
     * {@code root} ('/'-separated) without its extension, or with it for files that share a stem.
     * A folder watch names the files of each micro-batch this way.
     */
    public static List<VideoRef> refs(Path root, List<Path> files) {
        Map<String, Integer> stems = new HashMap<>();
        for (Path f : files) {
            stems.merge(VideoExtensions.stripExtension(VideoFileIndex.relative(root, f)), 1, Integer::sum);
        }
        List<VideoRef> refs = new ArrayList<>();
        for (Path f : files) {
            String relative = VideoFileIndex.relative(root, f);
            String stem = VideoExtensions.stripExtension(relative);
            String id = stems.get(stem) > 1 ? relative : stem;
            refs.add(new VideoRef(id, f.toAbsolutePath().normalize().toString(), List.of()));
        }
        return refs;
    }
}
