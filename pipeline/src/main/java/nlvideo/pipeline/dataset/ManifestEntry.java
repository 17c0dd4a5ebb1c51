package nlvideo.pipeline.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules that turn manifest records (path, optional video id, optional labels) into
 * {@link VideoRef}s, shared by the CSV and JSON-lines readers here and by the Parquet manifest the
 * Spark jobs read, so that every manifest format names and places videos the same way.
 *
 * <p>Ids: a {@code video_id} the user wrote is kept, and two rows giving the same one are an error
 * naming both lines. A row without one gets an id derived from its path ({@link DerivedIds}): the
 * path without extension, or with it when two rows share a stem ({@code a.mp4} and {@code a.avi}),
 * never refused.
 */
public final class ManifestEntry {
    private static final Pattern URI = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:(//|/).*");
    private static final Pattern LABEL_SEPARATORS = Pattern.compile("[;|]");

    /**
     * One manifest record as written.
     *
     * @param line 1-based line (or row number) that {@link DatasetException}s point at
     * @param path the file: a URI ({@code hdfs://...}, {@code file:/...}), an absolute path, or a
     *     path relative to the manifest's folder
     * @param videoId the id the user gave, or null / blank for none
     * @param labels labels as written (null for none); blanks are dropped
     */
    public record Entry(int line, String path, String videoId, Collection<String> labels) {}

    private ManifestEntry() {}

    /**
     * The references of a manifest's records, in record order.
     *
     * @param manifest the manifest file, named in errors
     * @param baseDir the manifest's folder, against which relative paths are resolved (null: they
     *     stay relative)
     * @throws DatasetException naming the line of a record with an empty path, or both lines of an
     *     explicit video id given twice
     */
    public static List<VideoRef> toVideoRefs(Path manifest, List<Entry> entries, Path baseDir) {
        Map<String, Integer> explicit = new HashMap<>();
        List<String> derivedFrom = new ArrayList<>();
        for (Entry e : entries) {
            if (e.path() == null || e.path().isBlank()) {
                throw new DatasetException(manifest, e.line(), "empty 'path'");
            }
            if (hasId(e)) {
                Integer first = explicit.putIfAbsent(e.videoId().strip(), e.line());
                if (first != null) {
                    throw new DatasetException(
                            manifest,
                            e.line(),
                            "video id '" + e.videoId().strip() + "' is given on line " + first + " and again on line "
                                    + e.line());
                }
            } else {
                derivedFrom.add(written(e.path()));
            }
        }
        Set<String> taken = new HashSet<>(explicit.keySet());
        List<String> derived = DerivedIds.assign(derivedFrom, taken);
        List<VideoRef> refs = new ArrayList<>(entries.size());
        int next = 0;
        for (Entry e : entries) {
            String id = hasId(e) ? e.videoId().strip() : derived.get(next++);
            refs.add(new VideoRef(id, resolve(e.path().strip(), baseDir), kept(e.labels())));
        }
        return refs;
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

    private static boolean hasId(Entry e) {
        return e.videoId() != null && !e.videoId().isBlank();
    }

    private static List<String> kept(Collection<String> labels) {
        List<String> kept = new ArrayList<>();
        if (labels != null) {
            for (String label : labels) {
                if (label != null && !label.isBlank()) {
                    kept.add(label.strip());
                }
            }
        }
        return kept;
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

    /** The path as written, '/'-separated, without a leading {@code ./}: what derived ids start from. */
    static String written(String path) {
        String w = path.strip().replace('\\', '/');
        while (w.startsWith("./")) {
            w = w.substring(2);
        }
        return w;
    }
}
