package nlvideo.jobs.classify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import nlvideo.jobs.recovery.TaskAttempt;
import nlvideo.jobs.recovery.TaskPlan;
import nlvideo.jobs.recovery.TimeLimit;
import nlvideo.jobs.recovery.WorkFolder;
import nlvideo.pipeline.dataset.VideoRef;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * One task of the classification job's probe stage: reads its videos' headers, each under the
 * decode time limit (a file that hangs the demuxer ends as {@code timeout}), inside a {@link
 * TaskAttempt} (a file that kills the executor is found and ends as {@code crashed}).
 */
final class ProbeTask implements FlatMapFunction<Iterator<TaskPlan<VideoRef>>, ClassifyJob.Probed> {

    static final String STAGE = "probe";

    private final WorkFolder work;
    private final Duration limit;

    ProbeTask(WorkFolder work, Duration limit) {
        this.work = work;
        this.limit = limit;
    }

    @Override
    public Iterator<ClassifyJob.Probed> call(Iterator<TaskPlan<VideoRef>> plans) {
        if (!plans.hasNext()) {
            return List.<ClassifyJob.Probed>of().iterator();
        }
        TaskPlan<VideoRef> plan = plans.next();
        List<String> keys = plan.items().stream().map(VideoRef::videoId).toList();
        try (TaskAttempt attempt = TaskAttempt.begin(
                        work.journals(), work.task(STAGE, TaskContext.getPartitionId()), plan.isolated(), keys);
                TimeLimit timeLimit = new TimeLimit("nlvideo-probe", limit)) {
            List<ClassifyJob.Probed> out = attempt.run(
                    plan.items(),
                    VideoRef::videoId,
                    refs -> probeAll(refs, timeLimit),
                    (ref, reason) -> new ClassifyJob.Probed(ref, null, "crashed", reason));
            attempt.finished();
            return out.iterator();
        }
    }

    private static List<ClassifyJob.Probed> probeAll(List<VideoRef> refs, TimeLimit timeLimit) {
        List<ClassifyJob.Probed> out = new ArrayList<>(refs.size());
        for (VideoRef ref : refs) {
            try {
                out.add(timeLimit.run(
                        () -> ClassifyJob.probe(ref),
                        () -> new ClassifyJob.Probed(
                                ref,
                                null,
                                "timeout",
                                "probing took longer than " + timeLimit.limit().toSeconds()
                                        + " s (--decode-timeout)")));
            } catch (Exception e) {
                out.add(new ClassifyJob.Probed(ref, null, "unreadable", e.toString()));
            }
        }
        return out;
    }
}
