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
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * One task of the probe stage (of the classification jobs and of {@code probe}): reads its videos'
 * headers, each under the decode time limit (a file that hangs the demuxer ends as {@code
 * timeout}), inside a {@link TaskAttempt} (a file that kills the executor is found and ends as
 * {@code crashed}). {@link #stage} runs the whole stage from the driver.
 */
public final class ProbeTask implements FlatMapFunction<Iterator<TaskPlan<VideoRef>>, ClassifyJob.Probed> {

    static final String STAGE = "probe";

    private final WorkFolder work;
    private final Duration limit;

    ProbeTask(WorkFolder work, Duration limit) {
        this.work = work;
        this.limit = limit;
    }

    /**
     * Probes every input on the executors, a handful per task: inputs that an isolated task of an
     * earlier run of {@code work} died on are {@code crashed} without running, those held by its
     * dead tasks run isolated ({@link TaskPlan}).
     *
     * @param name the job's name, for Spark's RDD names
     * @param limit how long probing one input may take; zero for no limit
     * @return exactly one {@link ClassifyJob.Probed} per input, in no particular order
     */
    public static List<ClassifyJob.Probed> stage(
            JavaSparkContext jsc, String name, List<VideoRef> inputs, WorkFolder work, Duration limit) {
        WorkFolder.Earlier earlier = work.earlier(STAGE);
        List<ClassifyJob.Probed> probed = new ArrayList<>();
        List<VideoRef> normal = new ArrayList<>();
        List<VideoRef> suspects = new ArrayList<>();
        for (VideoRef ref : inputs) {
            String culprit = earlier.culprits().get(ref.videoId());
            if (culprit != null) {
                probed.add(new ClassifyJob.Probed(ref, null, "crashed", culprit));
            } else {
                (earlier.suspects().contains(ref.videoId()) ? suspects : normal).add(ref);
            }
        }
        int slices = Math.max(1, Math.min(normal.size(), jsc.defaultParallelism() * 4));
        List<List<VideoRef>> bins = new ArrayList<>();
        for (int i = 0; i < slices; i++) {
            bins.add(normal.subList(i * normal.size() / slices, (i + 1) * normal.size() / slices));
        }
        List<TaskPlan<VideoRef>> plans = TaskPlan.of(bins, suspects, jsc.defaultParallelism());
        probed.addAll(jsc.parallelize(plans, Math.max(1, plans.size()))
                .setName(name + " inputs")
                .mapPartitions(new ProbeTask(work, limit))
                .setName(name + " probe")
                .collect());
        return probed;
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
