package nlvideo.pipeline.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An unlabeled collection: every video file under a folder (or one video file). The video id is
 * the path below the folder without its extension ({@code cats/001}), stable across runs and
 * machines; when two files differ only by extension both keep it ({@code cats/001.mp4},
 * {@code cats/001.avi}; see {@link DerivedIds}).
 *
 * <p>A symbolic link whose target is missing is listed like a file, so that the jobs report it as
 * {@code not_found} instead of losing it from the counts.
 */
public final class DirectoryReader {
    private DirectoryReader() {}

    /** Every video file (by extension) under {@code input}, or {@code input} itself when it is a file. */
    public static List<VideoRef> read(Path input) {
        return read(input, false);
    }

    /**
     * @param everyFile list every non-hidden file, whatever its extension: what {@code probe}
     *                  wants, to say what each file in a folder is
     * @throws DatasetException when {@code input} is neither a file nor a readable folder
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
     * References to {@code files} below {@code root}, with the ids {@link #read} gives (the path
     * below {@code root} without its extension; see {@link DerivedIds}). A folder watch names the
     * files of each micro-batch this way.
     */
    public static List<VideoRef> refs(Path root, List<Path> files) {
        List<String> relative = new ArrayList<>();
        for (Path f : files) {
            relative.add(VideoFileIndex.relative(root, f));
        }
        List<String> ids = DerivedIds.assign(relative, Set.of());
        List<VideoRef> refs = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            refs.add(new VideoRef(
                    ids.get(i), files.get(i).toAbsolutePath().normalize().toString(), List.of()));
        }
        return refs;
    }
}
