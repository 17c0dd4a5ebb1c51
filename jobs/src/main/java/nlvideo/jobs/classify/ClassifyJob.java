package nlvideo.jobs.classify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nlvideo.jobs.infer.ModelSpec;
import nlvideo.jobs.recovery.CommitLog;
import nlvideo.jobs.recovery.FailedAttempts;
import nlvideo.jobs.recovery.FaultInjection;
import nlvideo.jobs.recovery.TaskPlan;
import nlvideo.jobs.recovery.WorkFolder;
import nlvideo.pipeline.aggregate.VideoAggregator;
import nlvideo.pipeline.clip.ClipProtocol;
import nlvideo.pipeline.clip.ClipWindow;
import nlvideo.pipeline.dataset.VideoRef;
import nlvideo.pipeline.video.VideoException;
import nlvideo.pipeline.video.VideoInfo;
import nlvideo.pipeline.video.VideoProbe;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Classification end to end, shared by {@code classify}, {@code evaluate} and
 * {@code extract-features}: probe every video on the executors, plan its clips on the driver, cut
 * the clips into work units balanced over the partitions, decode and infer in the same task, and
 * fold the clip scores into one outcome per video. Only descriptors and scores cross the network.
 *
 * <p>Faults: every task runs inside a {@link nlvideo.jobs.recovery.TaskAttempt} (a video that kills
 * its task is isolated on the retry and ends as {@code crashed}); probing and decoding run under
 * the decode time limit ({@code timeout}); with an output folder, each inference task commits its
 * rows to the {@link WorkFolder}'s commit log, and a later run of the same job ({@code --resume})
 * classifies only what no earlier run committed ({@link RemainingWork}).
 */
public final class ClassifyJob {

    /**
     * How the job runs, beside the model and the protocol.
     *
     * @param decodeTimeoutSeconds how long probing a video or decoding one work unit may take
     *     before it ends as {@code timeout}; 0 for no limit
     */
    public record Settings(
            int batchSize,
            int clipsPerUnit,
            VideoAggregator.Method aggregation,
            boolean features,
            int partitions,
            int decodeTimeoutSeconds)
            implements java.io.Serializable {}

    /**
     * The job's result: one outcome per input (in input order), the per-view rows (of every run, when
     * resumed), the time each phase took, counts of what faults and earlier runs contributed, and
     * where each view's time went.
     *
     * @param timings wall seconds of the driver's stages ({@code probe}, {@code plan}, {@code classify},
     *     {@code aggregate}, {@code total}) and the executors' summed stage seconds ({@link StageTimes#seconds})
     * @param runs this run's number, videos done by earlier runs, failed task attempts, executors lost
     * @param perView seconds per view of each executor stage ({@link StageTimes#perView})
     */
    public record Result(
            List<VideoOutcome> videos,
            JavaRDD<ClipResult> clips,
            Map<String, Double> timings,
            Map<String, Object> runs,
            Map<String, Object> perView) {}

    /**
     * Which clips of a probed video are classified, chosen on the driver: the protocol's sampler,
     * or a job's own plan (the timeline's dense clips every step).
     */
    @FunctionalInterface
    public interface ClipPlan {
        /**
         * @throws IllegalArgumentException when the video is too short for any clip
         */
        List<ClipWindow> windows(VideoInfo info);
    }

    private final SparkSession spark;
    private final ModelSpec spec;
    private final ClipProtocol protocol;
    private final Settings settings;
    private final String name;
    private final WorkFolder work;
    private ClipPlan plan;

    /**
     * @param work the job's bookkeeping folder: commits results there when it has a commit log,
     *     always keeps the task journals there
     */
    public ClassifyJob(
            String name,
            SparkSession spark,
            ModelSpec spec,
            ClipProtocol protocol,
            Settings settings,
            WorkFolder work) {
        this.name = name;
        this.spark = spark;
        this.spec = spec;
        this.protocol = protocol;
        this.settings = settings;
        this.work = work;
        this.plan = protocol::windows;
    }

    /** Plans each video's clips with {@code plan} instead of the protocol's sampler. */
    public ClassifyJob planning(ClipPlan clipPlan) {
        this.plan = clipPlan;
        return this;
    }

    public Result run(List<VideoRef> inputs) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        FailedAttempts faults = new FailedAttempts();
        spark.sparkContext().addSparkListener(faults);
        try {
            return run(jsc, inputs, faults);
        } finally {
            spark.sparkContext().removeSparkListener(faults);
        }
    }

    private Result run(JavaSparkContext jsc, List<VideoRef> inputs, FailedAttempts faults) {
        Map<String, Double> timings = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Duration limit = Duration.ofSeconds(settings.decodeTimeoutSeconds());

        // 1. probe on the executors (cheap); failures become outcomes here
        jsc.setJobDescription(name + ": probe " + inputs.size() + " videos");
        List<Probed> probed = ProbeTask.stage(jsc, name, inputs, work, limit);
        timings.put("probe", seconds(t0));

        // 2. plan clips on the driver; leave out what earlier runs committed
        Map<String, VideoOutcome> failed = new HashMap<>();
        Map<Probed, List<ClipWindow>> planned = new LinkedHashMap<>();
        for (Probed p : probed) {
            if (p.errorKind() != null) {
                failed.put(p.ref().videoId(), VideoOutcome.failed(p.ref(), p.errorKind(), p.errorMessage()));
                continue;
            }
            try {
                planned.put(p, plan.windows(p.info()));
            } catch (IllegalArgumentException e) {
                failed.put(p.ref().videoId(), VideoOutcome.failed(p.ref(), "too_short", e.getMessage()));
            }
        }
        CommitLog log = work.results();
        RemainingWork remaining = RemainingWork.of(
                planned,
                log == null ? null : log.read(jsc).map(ClipResultJson::decode),
                work.earlier(InferenceTask.STAGE));
        if (log != null && !remaining.culprits().isEmpty()) {
            // videos an isolated task died on in an earlier run: their error rows, without running them
            log.commit(
                    work.task("culprits", 0),
                    0,
                    remaining.culprits().stream().map(ClipResultJson::encode).toList());
        }
        int partitions = settings.partitions() > 0 ? settings.partitions() : jsc.defaultParallelism() * 4;
        long totalClips = remaining.clips();
        int clipsPerUnit =
                settings.clipsPerUnit() > 0 ? settings.clipsPerUnit() : WorkUnits.clipsPerUnit(totalClips, partitions);
        List<WorkUnit> units = new ArrayList<>();
        List<WorkUnit> suspectUnits = new ArrayList<>();
        Map<String, Integer> unitsPerVideo = new HashMap<>();
        remaining.windows().forEach((p, windows) -> {
            List<WorkUnit> split = WorkUnits.split(p.ref().videoId(), p.ref().path(), p.info(), windows, clipsPerUnit);
            unitsPerVideo.put(p.ref().videoId(), split.size());
            (remaining.suspects().contains(p.ref().videoId()) ? suspectUnits : units).addAll(split);
        });

        // 3. decode + infer, balanced over the partitions; each task commits its rows
        List<TaskPlan<WorkUnit>> plans =
                TaskPlan.of(WorkUnits.balance(units, partitions), suspectUnits, jsc.defaultParallelism());
        timings.put("plan", seconds(t0) - timings.get("probe"));
        Progress progress = new Progress(spark.sparkContext());
        StageTimes times = new StageTimes(spark.sparkContext());
        VideoAggregator aggregator =
                new VideoAggregator(settings.aggregation(), spec.config().outputsProbabilities());
        long t1 = System.nanoTime();
        jsc.setJobDescription(name + ": decode and classify " + (units.size() + suspectUnits.size()) + " work units of "
                + unitsPerVideo.size() + " videos");
        ClipInference inference =
                new ClipInference(spec, protocol, settings.batchSize(), settings.features(), progress, times, limit);
        JavaRDD<ClipResult> fresh = jsc.parallelize(plans, Math.max(1, plans.size()))
                .setName(name + " work units")
                .mapPartitions(new InferenceTask(work, inference))
                .setName(name + " decode + infer");
        JavaRDD<ClipResult> clips;
        try (ProgressLine line =
                ProgressLine.start(name, progress, times, unitsPerVideo, unitsPerVideo.size(), totalClips)) {
            if (log != null) {
                fresh.count(); // the rows are in the commit log now, with those of earlier runs
                clips = log.read(jsc)
                        .map(ClipResultJson::decode)
                        .setName(name + " committed rows")
                        .persist(StorageLevel.MEMORY_AND_DISK());
            } else {
                clips = fresh.persist(StorageLevel.MEMORY_AND_DISK());
                clips.count(); // decode + infer, kept for the aggregation and the tables
            }
        }
        timings.put("classify", seconds(t1));
        long t2 = System.nanoTime();
        Map<String, VideoFold> folds = VideoFolds.fold(clips, aggregator);
        timings.put("aggregate", seconds(t2));

        // 4. exactly one outcome per input, in input order
        List<VideoOutcome> outcomes = new ArrayList<>(inputs.size());
        for (VideoRef ref : inputs) {
            VideoOutcome f = failed.get(ref.videoId());
            VideoFold fold = folds.get(ref.videoId());
            if (f != null) {
                outcomes.add(f);
            } else if (fold == null) {
                outcomes.add(VideoOutcome.failed(ref, "empty", "no clip was classified"));
            } else if (fold.failed()) {
                outcomes.add(VideoOutcome.failed(ref, fold.errorKind(), fold.errorMessage()));
            } else {
                outcomes.add(VideoOutcome.predicted(ref, fold));
            }
        }
        timings.put("total", seconds(t0));
        Map<String, Object> runs = new LinkedHashMap<>();
        runs.put("run", work.run());
        runs.put("videos_from_earlier_runs", remaining.videosDoneEarlier());
        runs.put("failed_task_attempts", faults.failedTasks());
        runs.put("executors_lost", faults.lostExecutors());
        times.seconds().forEach((stage, s) -> timings.put("executors_" + stage, s));
        return new Result(outcomes, clips, timings, runs, times.perView());
    }

    /**
     * A probed input: its stream facts, or why it cannot be used.
     *
     * @param info the stream facts; null when {@code errorKind} is set
     * @param errorKind null, or the error row's kind ({@code not_found}, {@code unreadable}, ...,
     *     {@code timeout}, {@code crashed})
     */
    public record Probed(VideoRef ref, VideoInfo info, String errorKind, String errorMessage)
            implements java.io.Serializable {}

    static Probed probe(VideoRef ref) {
        if (ref.isMissing()) {
            return new Probed(ref, null, "not_found", "no video file found for " + ref.videoId());
        }
        try {
            FaultInjection.beforeProbe(ref.path());
            return new Probed(ref, VideoProbe.probe(Path.of(ref.path())), null, null);
        } catch (VideoException e) {
            return new Probed(ref, null, e.kind().code(), e.getMessage());
        } catch (RuntimeException e) {
            return new Probed(ref, null, "unreadable", e.toString());
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
