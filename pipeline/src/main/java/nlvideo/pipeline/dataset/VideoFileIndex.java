package nlvideo.pipeline.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Every video file under a folder, found recursively and listed in a fixed order (relative path,
 * '/'-separated). Annotated datasets are stored in many layouts (flat, one folder per class, split
 * folders) and with any container; looking files up by name without extension
 * ({@link #byStem}) finds them in all of these.
 *
 * <p>Hidden files and folders (name starting with '.') are skipped: they are editor and OS debris
 * such as macOS {@code ._clip.mp4}, never videos of the collection. So is nlvideo's own
 * bookkeeping in a folder an nlvideo job wrote (names starting with {@link #OWN_FILES_PREFIX}: the
 * marker {@code _nlvideo.json} and the work folder {@code _nlvideo/}), for example the samples of
 * {@code make-samples} given as input. A symbolic link whose target
 * is missing is listed (as a file that the jobs then report {@code not_found}); links to folders
 * are followed.
 */
public final class VideoFileIndex {
    /** How the names of nlvideo's own files in an output folder start (the jobs' OutputFolder names them). */
    public static final String OWN_FILES_PREFIX = "_nlvideo";

    private final Path root;
    private final List<Path> files;
    private final Map<String, Path> byStem = new HashMap<>();

    private VideoFileIndex(Path root, List<Path> files) {
        this.root = root;
        this.files = files;
        for (Path f : files) {
            byStem.putIfAbsent(VideoExtensions.stripExtension(f.getFileName().toString()), f);
        }
    }

    public static VideoFileIndex scan(Path root) {
        return scan(root, VideoExtensions::isVideo);
    }

    /** Every regular file (or dangling link) under {@code root} whose name {@code acceptName} accepts. */
    public static VideoFileIndex scan(Path root, Predicate<String> acceptName) {
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root, 0, "videos folder does not exist or is not a folder");
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
            walk.filter(p -> !p.equals(root))
                    .filter(p -> !isHidden(root.relativize(p)))
                    .filter(p -> acceptName.test(p.getFileName().toString()))
                    .filter(p -> Files.isRegularFile(p) || isDanglingLink(p))
                    .forEach(found::add);
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetException(root, 0, "cannot list videos: " + e.getMessage(), e);
        }
        found.sort((a, b) -> relative(root, a).compareTo(relative(root, b)));
        return new VideoFileIndex(root, Collections.unmodifiableList(found));
    }

    public Path root() {
        return root;
    }

    /** All video files, sorted by relative path. */
    public List<Path> files() {
        return files;
    }

    /** The first file (in listing order) whose name without extension is {@code stem}, or null. */
    public Path byStem(String stem) {
        return byStem.get(stem);
    }

    /** {@code file}'s path below the root with '/' separators. */
    public String relative(Path file) {
        return relative(root, file);
    }

    /** {@code file}'s path below {@code root} with '/' separators. */
    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static boolean isDanglingLink(Path p) {
        return Files.isSymbolicLink(p) && !Files.exists(p);
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".") || part.toString().startsWith(OWN_FILES_PREFIX)) {
                return true;
            }
        }
        return false;
    }
}
