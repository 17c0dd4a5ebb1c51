package nlvideo.pipeline.video;

import java.nio.file.Path;

/**
 * A video that cannot be probed or decoded, with the typed reason. Checked, so that callers turn it
 * into an error row instead of losing a task; serializable, so that it can cross Spark's wire.
 */
public class VideoException extends Exception {
    private static final long serialVersionUID = 1L;

    private final VideoErrorKind kind;

    public VideoException(VideoErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public VideoException(VideoErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** A message of the form "file.mp4: what went wrong". */
    public static VideoException of(VideoErrorKind kind, Path path, String what) {
        return new VideoException(kind, name(path) + ": " + what);
    }

    public static VideoException of(VideoErrorKind kind, Path path, String what, Throwable cause) {
        return new VideoException(kind, name(path) + ": " + what, cause);
    }

    private static String name(Path path) {
        return path == null ? "<no path>" : path.toString();
    }

    public VideoErrorKind kind() {
        return kind;
    }
}
