package nlvideo.pipeline.dataset;

import java.nio.file.Path;

/**
 * A dataset description (manifest, annotation CSV, label list) that cannot be read as written.
 * The message names the file and, where there is one, the line, so that a user can fix the input
 * without reading a stack trace.
 */
public class DatasetException extends RuntimeException {
    private final String file;
    private final int line;

    public DatasetException(String message) {
        this(null, 0, message, null);
    }

    public DatasetException(Path file, int line, String message) {
        this(file, line, message, null);
    }

    public DatasetException(Path file, int line, String message, Throwable cause) {
        super(describe(file, line, message), cause);
        this.file = file == null ? null : file.toString();
        this.line = line;
    }

    /** The offending file, or null when the problem is not tied to one. */
    public String file() {
        return file;
    }

    /** 1-based line number in {@link #file()}, or 0 when the problem concerns the whole file. */
    public int line() {
        return line;
    }

    private static String describe(Path file, int line, String message) {
        if (file == null) {
            return message;
        }
        return line > 0 ? file + " line " + line + ": " + message : file + ": " + message;
    }
}
