package nlvideo.jobs.stream;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nlvideo.jobs.output.OutputFolder;
import nlvideo.jobs.output.OutputFolderException;

/**
 * The output folder of a folder watch, an {@link OutputFolder} (its marker names the command and
 * the settings that decide the rows). Beside the tables and {@code summary.json}, its bookkeeping
 * folder ({@link OutputFolder#WORK}, a name Spark's and Parquet's readers skip) holds {@code
 * checkpoint/} (Spark's checkpoint location: the source's offsets and seen files, the committed
 * micro-batches), {@code batches/} (the sink's own log, {@link BatchLog}), {@code staging/} (the
 * micro-batch being written) and {@code batch-N/} (the classification job's own books for
 * micro-batch N: its committed task results and journals, so that a micro-batch run again after a
 * crash continues where the crash left it, and a video that killed the JVM is isolated).
 *
 * <p>Starting a watch again on the same folder with the same settings resumes it; other settings
 * would mix rows of two kinds in one table, so they are refused unless the folder is replaced.
 */
public final class StreamFolder {

    private final OutputFolder folder;
    private final boolean resumed;

    private StreamFolder(OutputFolder folder, boolean resumed) {
        this.folder = folder;
        this.resumed = resumed;
    }

    /**
     * Takes {@code out} for a watch of {@code watched}: a new folder (absent or empty), the folder of
     * an earlier watch of {@code command} with the same settings (resumed), or with {@code
     * overwrite} an earlier nlvideo job's folder, emptied first ({@link OutputFolder}'s rules).
     * Call it once every option is checked: it writes the marker.
     *
     * @param command the command as the marker names it ({@code classify --watch})
     * @param settings what decides the rows (command, model, protocol, formats, ...), compared on resume
     * @throws OutputFolderException when the folder may not be used, with the reason (a usage error)
     */
    public static StreamFolder claim(
            Path out, Path watched, boolean overwrite, String command, Map<String, String> settings) {
        Path dir = OutputFolder.realOrNormal(out);
        Path source = OutputFolder.realOrNormal(watched);
        if (dir.startsWith(source) || source.startsWith(dir)) {
            throw new OutputFolderException(
                    "--output " + out + " and --watch " + watched
                            + " must not contain one another: the watch would read its own output, or --overwrite delete its videos");
        }
        OutputFolder.Mode mode = overwrite
                ? OutputFolder.Mode.OVERWRITE
                : OutputFolder.isMarked(out) ? OutputFolder.Mode.RESUME : OutputFolder.Mode.NEW;
        OutputFolder.check("--output", out, mode, List.of(watched));
        try {
            return new StreamFolder(OutputFolder.claim(out, mode, command, settings), mode == OutputFolder.Mode.RESUME);
        } catch (OutputFolderException e) {
            // a watch resumes without being asked: say which option named the folder
            throw new OutputFolderException("--output " + out + " cannot be resumed as this watch: "
                    + e.getMessage().replaceFirst("^--resume: ", ""));
        }
    }

    /** The folder the tables are appended in. */
    public Path dir() {
        return folder.dir();
    }

    /** Whether an earlier watch wrote here (its micro-batches are not run again). */
    public boolean resumed() {
        return resumed;
    }

    /** Spark's checkpoint location for the query. */
    public Path checkpoint() {
        return folder.workDir().resolve("checkpoint");
    }

    /** The sink's log of written micro-batches ({@link BatchLog}). */
    public Path batches() {
        return folder.workDir().resolve("batches");
    }

    /** Where a micro-batch's tables are written before they are appended. */
    public Path staging() {
        return folder.workDir().resolve("staging");
    }

    /** The classification job's books for micro-batch {@code batch}, removed once its rows are written. */
    public Path batchWork(long batch) {
        return folder.workDir().resolve("batch-" + batch);
    }
}
