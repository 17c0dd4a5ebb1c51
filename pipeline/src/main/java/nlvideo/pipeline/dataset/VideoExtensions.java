package nlvideo.pipeline.dataset;

import java.util.Locale;
import java.util.Set;

/**
 * File name extensions taken to be videos when folders are scanned. The decision is by name only:
 * a file with a video extension but broken content is still listed, so that decoding reports it as
 * an error row instead of it vanishing from the counts.
 */
public final class VideoExtensions {
    public static final Set<String> ALL = Set.of(
            "mp4", "m4v", "mov", "avi", "mkv", "webm", "mpg", "mpeg", "m2v", "flv", "wmv", "asf", "3gp", "3g2", "ts",
            "mts", "m2ts", "vob", "ogv", "mxf", "divx", "f4v", "y4m");

    private VideoExtensions() {}

    /** Lower-case extension of a file name without the dot, or "" when it has none. */
    public static String extension(String fileName) {
        int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
        int dot = fileName.lastIndexOf('.');
        return dot > slash + 1 ? fileName.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    public static boolean isVideo(String fileName) {
        return ALL.contains(extension(fileName));
    }

    /** The name without its last extension ({@code a/b.c.mp4 -> a/b.c}); unchanged when it has none. */
    public static String stripExtension(String name) {
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        int dot = name.lastIndexOf('.');
        return dot > slash + 1 ? name.substring(0, dot) : name;
    }
}
