package nlvideo.jobs.classify;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import nlvideo.jobs.recovery.CommitLog;
import nlvideo.jobs.recovery.TaskAttempt;
import nlvideo.jobs.recovery.TaskPlan;
import nlvideo.jobs.recovery.WorkFolder;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * One task of the classification job's decode-and-classify stage: runs its work units through
 * {@link ClipInference} inside a {@link TaskAttempt} (a video that kills the executor is found on
 * the retry and ends as {@code crashed}; the task's other videos are classified), and commits its
 * rows to the job's {@link CommitLog} before it ends, so finished work survives a killed job.
 * Without a commit log (tables printed on the terminal) the rows are the task's output instead.
 */
final class InferenceTask implements FlatMapFunction<Iterator<TaskPlan<WorkUnit>>, ClipResult> {

    static final String STAGE = "infer";

    private final WorkFolder work;
    private final ClipInference inference;

    InferenceTask(WorkFolder work, ClipInference inference) {
        this.work = work;
        this.inference = inference;
    }

    @Override
    public Iterator<ClipResult> call(Iterator<TaskPlan<WorkUnit>> plans) throws Exception {
        if (!plans.hasNext()) {
            return List.<ClipResult>of().iterator();
        }
        TaskPlan<WorkUnit> plan = plans.next();
        List<String> keys = plan.items().stream().map(WorkUnit::videoId).toList();
        try (TaskAttempt attempt = TaskAttempt.begin(
                work.journals(), work.task(STAGE, TaskContext.getPartitionId()), plan.isolated(), keys)) {
            List<ClipResult> rows = attempt.run(
                    plan.items(),
                    WorkUnit::videoId,
                    this::classify,
                    (unit, reason) -> ClipResult.failure(unit.videoId(), "crashed", reason));
            CommitLog log = work.results();
            if (log == null) {
                attempt.finished();
                return rows.iterator();
            }
            List<String> lines = new ArrayList<>(rows.size());
            for (ClipResult r : rows) {
                lines.add(ClipResultJson.encode(r));
            }
            log.commit(attempt.key(), attempt.attemptId(), lines);
            attempt.finished();
            return List.<ClipResult>of().iterator();
        }
    }

    private List<ClipResult> classify(List<WorkUnit> units) {
        try {
            return inference.run(units);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // Spark is killing the task
            throw new IllegalStateException("interrupted while classifying", e);
        }
    }
}
