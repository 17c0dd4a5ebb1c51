package nlvideo.jobs.recovery;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Finished work on disk while a job runs: each task's rows (JSON lines, one row per line) in one
 * gzip file per task, made visible all at once when the task commits.
 *
 * <p>Commit follows Spark's output-commit rules: an attempt writes its rows to a file of its own
 * ({@code NAME.jsonl.gz.attempt-ID}), forces it to disk, and renames it atomically to the task's
 * name ({@code NAME.jsonl.gz}, from {@link TaskKey#name()}). A reader therefore sees a task's rows
 * completely or not at all, whenever the job is killed. Two attempts of one task (a retry after a
 * lost executor whose first attempt had committed, or a speculative copy) cover the same work and
 * write the same name, so the last rename wins and rows are never counted twice.
 *
 * <p>The folder must be reachable at the same path from the driver and every executor (a local
 * folder for embedded runs and single-machine clusters, a shared mount on a real cluster).
 */
public final class CommitLog implements Serializable {

    private static final String SUFFIX = ".jsonl.gz";

    private final String dir;

    /** @param dir the folder holding the committed files; created on first commit */
    public CommitLog(Path dir) {
        this.dir = dir.toAbsolutePath().toString();
    }

    public Path dir() {
        return Path.of(dir);
    }

    /**
     * Commits one task attempt's rows under the task's name (executor side; also used by the
     * driver for rows it decides itself).
     *
     * @param attemptId Spark's task attempt id (unique within the application), naming the
     *     attempt's own file until it is renamed
     * @throws UncheckedIOException when the rows cannot be written or renamed (the task fails and
     *     Spark retries it)
     */
    public void commit(TaskKey task, long attemptId, List<String> rows) {
        Path folder = dir();
        Path target = folder.resolve(task.name() + SUFFIX);
        Path attempt = folder.resolve(task.name() + SUFFIX + ".attempt-" + attemptId);
        try {
            Files.createDirectories(folder);
            try (FileChannel channel = FileChannel.open(
                    attempt,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                GZIPOutputStream gzip = new GZIPOutputStream(Channels.newOutputStream(channel), 1 << 16);
                BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(gzip, StandardCharsets.UTF_8));
                for (String row : rows) {
                    writer.write(row);
                    writer.write('\n');
                }
                writer.flush();
                gzip.finish();
                channel.force(true);
            }
            Files.move(attempt, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit " + target, e);
        }
    }

    /** The committed files, in name order (attempt files that never committed are left out). */
    public List<Path> committed() {
        Path folder = dir();
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** Whether {@code task} has committed. */
    public boolean isCommitted(TaskKey task) {
        return Files.isRegularFile(dir().resolve(task.name() + SUFFIX));
    }

    /**
     * Every committed row, read by the executors (one partition per committed file); empty when
     * nothing has committed yet.
     */
    public JavaRDD<String> read(JavaSparkContext jsc) {
        List<String> files = new ArrayList<>();
        for (Path p : committed()) {
            files.add(p.toUri().toString());
        }
        if (files.isEmpty()) {
            return jsc.emptyRDD();
        }
        return jsc.textFile(String.join(",", files)).filter(line -> !line.isEmpty());
    }
}
