package nlvideo.jobs.recovery;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.spark.TaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Spark task attempt over its items so that an item that kills the task (a native crash
 * of FFmpeg or PyTorch takes the executor JVM with it) is found and left out, and the task's
 * other items still get their results.
 *
 * <p>The rule: an attempt that follows a dead one, or that the driver marks as holding suspects
 * from a dead run, is <em>isolated</em>: it works on one item at a time and journals each start
 * and end ({@link TaskJournal}). An item that was in flight alone when an isolated attempt died
 * is the culprit: later attempts (and later runs) do not run it again but give it the {@code
 * crashed} output. An executor lost for another reason (killed, out of memory, machine gone) only
 * costs a slower isolated retry, in which its innocent items succeed. With Spark's default of 4
 * attempts per task, a task survives two poison items.
 *
 * <p>Usage (executor side, inside a {@code mapPartitions} function):
 * <pre>{@code
 * try (TaskAttempt attempt = TaskAttempt.begin(journals, key, plan.isolated(), keys)) {
 *     List<O> out = attempt.run(items, keyOf, work, crashed);
 *     log.commit(key, attempt.attemptId(), encode(out));   // optional
 *     attempt.finished();
 * }
 * }</pre>
 */
public final class TaskAttempt implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskAttempt.class);

    private final TaskKey key;
    private final TaskJournal journal;
    private final boolean isolated;
    private final long attemptId;
    private final Map<String, String> culprits;

    private TaskAttempt(
            TaskKey key, TaskJournal journal, boolean isolated, long attemptId, Map<String, String> culprits) {
        this.key = key;
        this.journal = journal;
        this.isolated = isolated;
        this.attemptId = attemptId;
        this.culprits = culprits;
    }

    /**
     * Begins the current Spark task's attempt: reads what earlier attempts of the same task left,
     * and journals this one.
     *
     * @param journals the folder of task journals (shared by driver and executors)
     * @param isolatedByPlan whether the driver asks for isolation from the first attempt (the task
     *     holds items of a run that died)
     * @param itemKeys the key of every item of the task (repeats allowed)
     */
    public static TaskAttempt begin(Path journals, TaskKey key, boolean isolatedByPlan, List<String> itemKeys) {
        TaskContext tc = TaskContext.get();
        int attemptNumber = tc == null ? 0 : tc.attemptNumber();
        long attemptId = tc == null ? 0 : tc.taskAttemptId();
        Map<String, String> culprits =
                attemptNumber > 0 ? TaskJournal.read(journals, key, attemptId).culprits() : Map.of();
        boolean isolated = isolatedByPlan || attemptNumber > 0;
        if (isolated) {
            LOG.warn(
                    "{} attempt {}: running its {} items one at a time (an earlier attempt or run died){}",
                    key.name(),
                    attemptNumber,
                    new LinkedHashSet<>(itemKeys).size(),
                    culprits.isEmpty() ? "" : "; left out as culprits: " + culprits.keySet());
        }
        TaskJournal journal = TaskJournal.begin(journals, key, attemptNumber, attemptId, isolated, itemKeys);
        return new TaskAttempt(key, journal, isolated, attemptId, culprits);
    }

    /** Spark's id of this attempt (unique within the application). */
    public long attemptId() {
        return attemptId;
    }

    public TaskKey key() {
        return key;
    }

    /** Whether this attempt works on one item at a time. */
    public boolean isolated() {
        return isolated;
    }

    /**
     * Runs the items: culprits give {@code crashed(item, reason)} without running; the rest run
     * through {@code work}, all together, or one at a time with each start and end journalled when
     * the attempt is isolated.
     *
     * @param keyOf an item's key, as given to {@link #begin}
     * @param work runs a list of items and returns their outputs
     * @param crashed the output for an item that killed earlier attempts, given the reason
     */
    public <I, O> List<O> run(
            List<I> items,
            Function<I, String> keyOf,
            Function<List<I>, List<O>> work,
            BiFunction<I, String, O> crashed) {
        List<O> out = new ArrayList<>();
        List<I> rest = new ArrayList<>();
        for (I item : items) {
            String reason = culprits.get(keyOf.apply(item));
            if (reason != null) {
                out.add(crashed.apply(item, reason));
            } else {
                rest.add(item);
            }
        }
        if (!isolated) {
            out.addAll(work.apply(rest));
            return out;
        }
        for (I item : rest) {
            String k = keyOf.apply(item);
            journal.start(k);
            out.addAll(work.apply(List.of(item)));
            journal.end(k);
        }
        return out;
    }

    /** Marks the attempt's work as done, after its outputs are committed. */
    public void finished() {
        journal.ok();
    }

    @Override
    public void close() {
        journal.close();
    }
}
