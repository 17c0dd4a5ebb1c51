package nlvideo.jobs.recovery;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A job's bookkeeping folder and the run that uses it: the commit log of finished task results
 * ({@code results/}), the task journals ({@code journal/}), and the list of runs ({@code runs}, one
 * line per run: its number and start time). A job started again with {@code --resume} opens the
 * same folder as the next run, finds what earlier runs committed, and learns from their journals
 * which items were in tasks that died ({@link #earlier}).
 *
 * <p>Serializable: tasks carry it to the executors, which must reach the folder at the same path.
 */
public final class WorkFolder implements Serializable {

    private final String dir;
    private final int run;
    private final boolean commits;
    private final boolean temporary;

    private WorkFolder(Path dir, int run, boolean commits, boolean temporary) {
        this.dir = dir.toAbsolutePath().toString();
        this.run = run;
        this.commits = commits;
        this.temporary = temporary;
    }

    /**
     * A fresh folder under the system's temporary folder, for a job that prints its tables: tasks do
     * not commit (results travel back through Spark), journals still let a retry isolate a video
     * that kills its task. {@link #deleteIfTemporary()} removes it. On a cluster of several machines
     * the executors' journals land on their own disks, so a retry on another machine cannot read
     * them: isolation then needs an output folder on a shared mount.
     */
    public static WorkFolder temporary() {
        try {
            Path dir = Files.createTempDirectory("nlvideo-work-");
            return new WorkFolder(dir, 1, false, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary work folder", e);
        }
    }

    /** Removes a {@link #temporary()} folder and everything in it; does nothing otherwise. */
    public void deleteIfTemporary() {
        if (!temporary) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(dir())) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    /**
     * Opens {@code dir} for a new run (creating it), numbered one more than the runs it lists.
     *
     * @param commits whether tasks commit their results to {@link #results()} (jobs that write an
     *     output folder); without, results travel back through Spark and only the journals are kept
     * @throws UncheckedIOException when the folder cannot be written
     */
    public static WorkFolder open(Path dir, boolean commits) {
        try {
            Files.createDirectories(dir);
            Path runs = dir.resolve("runs");
            int run = 1
                    + (Files.exists(runs)
                            ? (int) Files.readAllLines(runs, StandardCharsets.UTF_8).stream()
                                    .filter(l -> !l.isBlank())
                                    .count()
                            : 0);
            Files.writeString(
                    runs,
                    run + " " + Instant.now() + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return new WorkFolder(dir, run, commits, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the work folder " + dir, e);
        }
    }

    public Path dir() {
        return Path.of(dir);
    }

    /** This run's number: 1 for a new job, one more for each {@code --resume}. */
    public int run() {
        return run;
    }

    /** The committed results of every run, or null when tasks do not commit. */
    public CommitLog results() {
        return commits ? new CommitLog(dir().resolve("results")) : null;
    }

    /** The folder of task journals. */
    public Path journals() {
        return dir().resolve("journal");
    }

    /** The key of this run's task {@code partition} of {@code stage}. */
    public TaskKey task(String stage, int partition) {
        return new TaskKey(stage, run, partition);
    }

    /**
     * What earlier runs left unfinished in {@code stage}: the items held by tasks that died
     * (suspects, to run isolated), and the culprits found by isolated attempts (not to run again).
     */
    public Earlier earlier(String stage) {
        TaskJournal.Verdict v = TaskJournal.readEarlierRuns(journals(), stage, run);
        return new Earlier(v.suspects(), v.culprits());
    }

    /**
     * Items of earlier runs' dead tasks.
     *
     * @param suspects keys of items held by tasks that died (they run isolated)
     * @param culprits keys of items an isolated attempt died on, with the reason (they do not run)
     */
    public record Earlier(Set<String> suspects, Map<String, String> culprits) implements Serializable {}
}
