package nlvideo.jobs.stream;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import nlvideo.jobs.classify.ClassifyTables;
import nlvideo.jobs.classify.VideoOutcome;
import nlvideo.jobs.output.JobOutput;
import nlvideo.jobs.output.JobSummary;
import nlvideo.jobs.output.OutputFormat;
import nlvideo.pipeline.dataset.DirectoryReader;
import nlvideo.pipeline.dataset.VideoExtensions;
import nlvideo.pipeline.dataset.VideoRef;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The watch's {@code foreachBatch} sink: classifies the videos of a micro-batch once they have
 * settled and appends their rows to the output tables, exactly once however often Spark runs the
 * batch.
 *
 * <p>Per micro-batch {@code B} (the file source's new files, and ticks that bring a batch every
 * trigger): when the {@link BatchLog} has {@code B}, its rows are already in the tables and
 * nothing is done. Otherwise whatever an unfinished attempt at {@code B} appended is taken back
 * ({@link TableAppender#rollBack}), the new video files and those still settling from earlier
 * batches are looked at ({@link LandedFile#look}), the settled ones classified by the command's own
 * classification ({@link Classifier}) into a staging folder, appended, and {@code B}'s record is
 * written; only then does Spark commit {@code B} to its checkpoint. A file still growing is kept in
 * the record and looked at again at the next trigger.
 *
 * <p>Empty files: Spark's file source records every file it lists as seen, but its scan drops the
 * files that are 0 bytes long at that moment ({@code PartitioningAwareFileIndex.listFiles} keeps
 * only {@code getLen > 0}), so a file that is empty when listed (a copy in place starts by
 * creating it empty) never reaches this sink and is never offered again. The sink therefore lists
 * the empty video files under the folder itself at every batch ({@link EmptyFiles}) and treats
 * those it has not reported like the source's files: they settle like any other (an empty file
 * untouched for the settle time becomes its {@code empty} error row, one filled in place before
 * that is classified once it has settled), and the paths of the empty files already reported are
 * kept in the record ({@link BatchRecord#emptyReported}) so that they are reported once.
 */
public final class VideoSink {

    /**
     * The command's classification of one micro-batch's videos: the batch job's tables and errors
     * written into {@code out} (a staging folder), one outcome per video, in order.
     */
    @FunctionalInterface
    public interface Classifier {
        /**
         * @param batch the micro-batch (its books, {@link StreamFolder#batchWork}, are the job's)
         */
        List<VideoOutcome> classify(long batch, List<VideoRef> videos, JobOutput out);
    }

    /** The columns the sink reads from the file source (the binaryFile source without content). */
    static final String[] COLUMNS = {"path", "length", "modificationTime"};

    private final SparkSession spark;
    private final StreamFolder folder;
    private final Path watched;
    private final OutputFormat format;
    private final long settleMs;
    private final Classifier classifier;
    private final JobSummary summary;
    private final PrintStream console;
    private final BatchLog log;
    private final TableAppender appender;

    /**
     * @param watched the watched folder (video ids are paths below it)
     * @param settleMs how long a file must stay untouched before it is read
     * @param summary the watch's summary, its configuration filled in; the sink sets its counts per batch
     * @param console where the per-batch progress goes
     */
    public VideoSink(
            SparkSession spark,
            StreamFolder folder,
            Path watched,
            OutputFormat format,
            long settleMs,
            Classifier classifier,
            JobSummary summary,
            PrintStream console) {
        this.spark = spark;
        this.folder = folder;
        this.watched = watched.toAbsolutePath().normalize();
        this.format = format;
        this.settleMs = settleMs;
        this.classifier = classifier;
        this.summary = summary;
        this.console = console;
        this.log = new BatchLog(folder.batches());
        this.appender = new TableAppender(folder.dir(), format);
    }

    /** The newest record, as a restarted watch finds it; null before the first batch. */
    BatchRecord latest() {
        return log.latestBefore(Long.MAX_VALUE).orElse(null);
    }

    /**
     * Writes micro-batch {@code id}: nothing when it was written before, else its settled videos'
     * rows, appended once, and its record.
     *
     * @param batch the micro-batch's rows: {@link #COLUMNS} of new files, or nulls (ticks)
     */
    void write(Dataset<Row> batch, long id) {
        if (log.get(id).isPresent()) {
            console.printf(Locale.ROOT, "watch: batch %d was written before the restart: not again%n", id);
            return;
        }
        BatchRecord before = log.latestBefore(id).orElse(null);
        Map<String, Long> tableBytes = before == null ? Map.of() : before.tableBytes();
        appender.rollBack(id, tableBytes);

        List<LandedFile> seen = new ArrayList<>(before == null ? List.of() : before.pending());
        Set<String> known = new HashSet<>(paths(seen));
        Set<String> reported = new HashSet<>(before == null ? List.of() : before.emptyReported());
        known.addAll(reported); // read once, by its path: one filled after its empty row is not read again
        for (Row r : batch.select(COLUMNS[0], COLUMNS[1], COLUMNS[2])
                .filter(col(COLUMNS[0]).isNotNull())
                .collectAsList()) {
            if (VideoExtensions.isVideo(r.getString(0)) && known.add(r.getString(0))) {
                seen.add(new LandedFile(
                        r.getString(0), r.getLong(1), r.getTimestamp(2).getTime()));
            }
        }
        FileSystem fs = fileSystem();
        List<LandedFile> empty = EmptyFiles.under(fs, watched);
        for (LandedFile f : empty) {
            if (known.add(f.path())) {
                seen.add(f);
            }
        }
        if (seen.isEmpty()) {
            return; // a tick, nothing waiting
        }
        List<LandedFile> ready = new ArrayList<>();
        List<LandedFile> pending = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (LandedFile f : seen) {
            LandedFile.Look look = f.look(fs, now, settleMs);
            (look.state() == LandedFile.State.GROWING ? pending : ready).add(look.file());
        }
        reported.addAll(paths(ready));
        List<String> emptyReported =
                paths(empty).stream().filter(reported::contains).toList();
        if (ready.isEmpty() && before != null && pending.equals(before.pending())) {
            return; // nothing settled, nothing changed
        }

        long t0 = System.nanoTime();
        List<VideoOutcome> outcomes = List.of();
        if (!ready.isEmpty()) {
            outcomes = classifier.classify(id, refs(ready), staging());
            tableBytes = appender.append(id, folder.staging());
            FileUtil.fullyDelete(folder.staging().toFile());
        }
        long written = System.currentTimeMillis();
        List<BatchRecord.Video> videos = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            VideoOutcome v = outcomes.get(i);
            videos.add(new BatchRecord.Video(
                    ready.get(i).path(),
                    v.ref().videoId(),
                    v.isPredicted() ? "predicted" : v.errorKind(),
                    (written - ready.get(i).modifiedMs()) / 1000.0));
        }
        Map<String, Object> totals = before == null ? Map.of() : before.totals();
        if (!outcomes.isEmpty()) {
            totals = BatchRecord.plus(totals, ClassifyTables.counts(outcomes));
        }
        BatchRecord.Latency latency = (before == null ? BatchRecord.Latency.NONE : before.latency()).plus(videos);
        BatchRecord record = new BatchRecord(
                id,
                Instant.ofEpochMilli(written).toString(),
                videos,
                pending,
                emptyReported,
                tableBytes,
                totals,
                latency);
        log.write(record);
        FileUtil.fullyDelete(folder.batchWork(id).toFile());
        writeSummary(record, (System.nanoTime() - t0) / 1e9);
        if (!videos.isEmpty() || !paths(pending).equals(paths(before == null ? List.of() : before.pending()))) {
            console.println(progress(record, (System.nanoTime() - t0) / 1e9));
        }
    }

    private static List<String> paths(List<LandedFile> files) {
        return files.stream().map(LandedFile::path).toList();
    }

    /** The settled files as the batch job's inputs, named as a folder input names them. */
    private List<VideoRef> refs(List<LandedFile> files) {
        List<Path> paths = new ArrayList<>();
        for (LandedFile f : files) {
            paths.add(Path.of(new org.apache.hadoop.fs.Path(f.path()).toUri().getPath()));
        }
        return DirectoryReader.refs(watched, paths);
    }

    /** An empty staging folder, and the batch job's output writer on it. */
    private JobOutput staging() {
        Path dir = folder.staging();
        if (Files.exists(dir) && !FileUtil.fullyDelete(dir.toFile())) {
            throw new UncheckedIOException(new IOException("cannot empty " + dir));
        }
        return new JobOutput(dir, format, console);
    }

    private FileSystem fileSystem() {
        try {
            return FileSystem.get(URI.create("file:///"), spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** summary.json: the totals over every batch, written to a temporary name and renamed. */
    private void writeSummary(BatchRecord record, double seconds) {
        JobSummary s = summary;
        record.totals().forEach(s::count);
        s.count("still_settling", record.pending().size());
        s.result("last_batch", record.batch());
        s.result("latency_mean_s", round(record.latency().meanSeconds()));
        s.result("latency_max_s", round(record.latency().maxSeconds()));
        s.timing("last_batch", seconds);
        Path file = folder.dir().resolve("summary.json");
        Path tmp = folder.dir().resolve(".summary.json.tmp");
        s.writeTo(tmp);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** One line per micro-batch that classified something or has files settling. */
    static String progress(BatchRecord r, double seconds) {
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        double maxLatency = 0;
        for (BatchRecord.Video v : r.videos()) {
            outcomes.merge(v.outcome(), 1, Integer::sum);
            maxLatency = Math.max(maxLatency, v.latencySeconds());
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "watch: batch %d: ", r.batch()));
        if (r.videos().isEmpty()) {
            line.append("no video settled");
        } else {
            line.append(String.format(
                    Locale.ROOT,
                    "%d videos %s in %.1f s, landing to row at most %.1f s",
                    r.videos().size(),
                    outcomes,
                    seconds,
                    maxLatency));
        }
        if (!r.pending().isEmpty()) {
            line.append(String.format(
                    Locale.ROOT, "; %d still being written", r.pending().size()));
        }
        line.append(String.format(
                Locale.ROOT,
                "; in all %s videos (%s predicted, %s failed, %s missing)",
                r.totals().getOrDefault("inputs", 0),
                r.totals().getOrDefault("predicted", 0),
                r.totals().getOrDefault("failed", 0),
                r.totals().getOrDefault("missing", 0)));
        return line.toString();
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
