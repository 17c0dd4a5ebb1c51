package nlvideo.pipeline.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules that turn one manifest record (path, optional video id, optional labels) into a
 * {@link VideoRef}, shared by the CSV and JSON-lines readers here and by the Parquet manifest the
 * Spark jobs read, so that every manifest format names and places videos the same way.
 */
public final class ManifestEntry {
    private static final Pattern URI = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:(//|/).*");
    private static final Pattern LABEL_SEPARATORS = Pattern.compile("[;|]");

    private ManifestEntry() {}

    /**
     * @param path    the file as written in the manifest: a URI ({@code hdfs://...}, {@code file:/...})
     *                or an absolute path is kept, a relative path is resolved against {@code baseDir}
     * @param videoId the id to use; when blank, the path as written without its extension
     * @param labels  labels as written; blanks are dropped
     * @param baseDir the manifest's folder (null: relative paths stay relative)
     * @throws IllegalArgumentException when the path is blank
     */
    public static VideoRef toVideoRef(String path, String videoId, Collection<String> labels, Path baseDir) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("empty 'path'");
        }
        String written = path.strip();
        String id = videoId == null || videoId.isBlank() ? defaultId(written) : videoId.strip();
        List<String> kept = new ArrayList<>();
        if (labels != null) {
            for (String label : labels) {
                if (label != null && !label.isBlank()) {
                    kept.add(label.strip());
                }
            }
        }
        return new VideoRef(id, resolve(written, baseDir), kept);
    }

    /** Splits a label cell written as {@code a;b} or {@code a|b}; null or blank gives no labels. */
    public static List<String> splitLabels(String cell) {
        List<String> labels = new ArrayList<>();
        if (cell != null) {
            for (String part : LABEL_SEPARATORS.split(cell)) {
                if (!part.isBlank()) {
                    labels.add(part.strip());
                }
            }
        }
        return labels;
    }

    static String resolve(String written, Path baseDir) {
        if (URI.matcher(written).matches() || baseDir == null) {
            return written;
        }
        Path p = Path.of(written);
        return p.isAbsolute()
                ? p.normalize().toString()
                : baseDir.resolve(p).normalize().toString();
    }

    static String defaultId(String written) {
        String id = VideoExtensions.stripExtension(written.replace('\\', '/'));
        while (id.startsWith("./")) {
            id = id.substring(2);
        }
        return id;
    }
}
