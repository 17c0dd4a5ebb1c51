package nlvideo.jobs.stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileUtil;

/**
 * The output folder of a folder watch. Beside the tables and {@code summary.json} it holds {@code
 * _stream/} (a name Spark's and Parquet's readers skip): {@code watch.json} (the settings the watch
 * was started with), {@code checkpoint/} (Spark's checkpoint location: the source's offsets and
 * seen files, the committed micro-batches), {@code batches/} (the sink's own log, {@link BatchLog})
 * and {@code staging/} (the micro-batch being written).
 *
 * <p>Starting a watch again on the same folder with the same settings resumes it; other settings
 * would mix rows of two kinds in one table, so they are refused unless the folder is replaced.
 */
public final class StreamFolder {

    /** The folder's bookkeeping, beside the tables. */
    public static final String STATE = "_stream";

    /** The settings a watch was started with, inside {@link #STATE}. */
    public static final String MARKER = "watch.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final boolean resumed;

    private StreamFolder(Path dir, boolean resumed) {
        this.dir = dir;
        this.resumed = resumed;
    }

    /**
     * Takes {@code out} for a watch of {@code watched}: a new folder (absent or empty), the folder of
     * an earlier watch with the same settings (resumed), or with {@code overwrite} any folder,
     * emptied first. Call it once every option is checked: it writes {@code watch.json}.
     *
     * @param settings what decides the rows (command, model, protocol, formats, ...), compared on resume
     * @throws IllegalArgumentException when the folder may not be used, with the reason (a usage error)
     * @throws UncheckedIOException when it cannot be read, emptied or written
     */
    public static StreamFolder claim(Path out, Path watched, boolean overwrite, Map<String, String> settings) {
        Path dir = out.toAbsolutePath().normalize();
        Path source = watched.toAbsolutePath().normalize();
        if (dir.startsWith(source) || source.startsWith(dir)) {
            throw new IllegalArgumentException(
                    "--output " + out + " and --watch " + watched
                            + " must not contain one another: the watch would read its own output, or --overwrite delete its videos");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--output " + out + " is a file, not a folder");
        }
        Path marker = dir.resolve(STATE).resolve(MARKER);
        boolean resumed = false;
        if (Files.isDirectory(dir) && !isEmpty(dir)) {
            if (overwrite) {
                if (!FileUtil.fullyDelete(dir.toFile())) {
                    throw new UncheckedIOException(new IOException("cannot empty " + dir));
                }
            } else if (!Files.isRegularFile(marker)) {
                throw new IllegalArgumentException("--output " + out + " exists and is not the folder of a watch (no "
                        + STATE + "/" + MARKER + "); pass --overwrite to replace it");
            } else {
                List<String> differences = differences(read(marker), settings);
                if (!differences.isEmpty()) {
                    throw new IllegalArgumentException(
                            "--output " + out + " holds a watch started with other settings ("
                                    + String.join("; ", differences)
                                    + "); start it as it was, pass --overwrite to start again, or give another --output");
                }
                resumed = true;
            }
        }
        try {
            Files.createDirectories(marker.getParent());
            JSON.writeValue(marker.toFile(), settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + marker, e);
        }
        return new StreamFolder(dir, resumed);
    }

    /** The folder the tables are appended in. */
    public Path dir() {
        return dir;
    }

    /** Whether an earlier watch wrote here (its micro-batches are not run again). */
    public boolean resumed() {
        return resumed;
    }

    /** Spark's checkpoint location for the query. */
    public Path checkpoint() {
        return dir.resolve(STATE).resolve("checkpoint");
    }

    /** The sink's log of written micro-batches ({@link BatchLog}). */
    public Path batches() {
        return dir.resolve(STATE).resolve("batches");
    }

    /** Where a micro-batch's tables are written before they are appended. */
    public Path staging() {
        return dir.resolve(STATE).resolve("staging");
    }

    private static Map<String, String> read(Path marker) {
        try {
            return JSON.readValue(marker.toFile(), new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + marker + ": " + e.getMessage(), e);
        }
    }

    /** What differs between the settings of two watches, as {@code key: then -> now}. */
    private static List<String> differences(Map<String, String> then, Map<String, String> now) {
        TreeSet<String> keys = new TreeSet<>(then.keySet());
        keys.addAll(now.keySet());
        List<String> out = new ArrayList<>();
        for (String key : keys) {
            if (!Objects.equals(then.get(key), now.get(key))) {
                out.add(key + ": " + then.getOrDefault(key, "(not given)") + " -> "
                        + now.getOrDefault(key, "(not given)"));
            }
        }
        return out;
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
