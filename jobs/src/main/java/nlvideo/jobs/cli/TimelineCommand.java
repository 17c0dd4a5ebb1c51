package nlvideo.jobs.cli;

import java.util.Map;
import nlvideo.jobs.classify.ClassifyJob;
import nlvideo.jobs.infer.ModelSpec;
import nlvideo.jobs.recovery.WorkFolder;
import nlvideo.jobs.report.TimelineSection;
import nlvideo.jobs.timeline.Segmenter;
import nlvideo.jobs.timeline.StepPlan;
import nlvideo.jobs.timeline.TimelineJob;
import nlvideo.jobs.timeline.VideoTimeline;
import nlvideo.model.ModelConfig;
import nlvideo.pipeline.clip.ClipProtocol;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nlvideo timeline}: what happens when in untrimmed videos. */
@Command(
        name = "timeline",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Label untrimmed videos along time: a clip every --step seconds over each whole video"
                    + " (each spanning --window seconds, centred on its step), classified like"
                    + " classify's clips and spread over the executors, one long video included.",
            "Tables: timeline (video_id, start_s, end_s, label, score: the top-k labels of every"
                    + " step), segments (video_id, start_s, end_s, label, mean_score: spans where a"
                    + " label stays top-1 after smoothing, above --threshold), errors; summary.json"
                    + " and report.html. --clips, --sampling and --dense-interval do not apply."
        })
public final class TimelineCommand extends ClassificationCommand {

    /** Clips per work unit unless --clips-per-unit says otherwise: bounds a task's memory. */
    static final int DEFAULT_CLIPS_PER_UNIT = 8;

    @Option(
            names = "--step",
            paramLabel = "SECONDS",
            defaultValue = "1",
            description =
                    "Seconds between steps: one clip and one timeline row group per step (default: ${DEFAULT-VALUE}).")
    double step;

    @Option(
            names = "--window",
            paramLabel = "SECONDS",
            description = "Seconds each clip spans, its frames spread evenly over it (default: the preset's"
                    + " clip span, frames x stride at --target-fps or the video's rate).")
    Double window;

    @Option(
            names = "--smooth",
            paramLabel = "SECONDS",
            defaultValue = "0",
            description = "Centred moving average of the step probabilities over this many seconds"
                    + " before segmenting (default: ${DEFAULT-VALUE}, none).")
    double smooth;

    @Option(
            names = "--threshold",
            paramLabel = "P",
            defaultValue = "0",
            description = "A step belongs to a segment only when its top label's (smoothed)"
                    + " probability is above P, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double threshold;

    private StepPlan plan;
    private Segmenter segmenter;

    @Override
    String name() {
        return "timeline";
    }

    @Override
    boolean needsFeatures() {
        return false;
    }

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        if (protocolOptions.clips != null
                || protocolOptions.sampling != null
                || protocolOptions.denseInterval != null) {
            throw new CommandLine.ParameterException(
                    cli, "--clips, --sampling and --dense-interval do not apply to timeline: use --step and --window");
        }
        // checked before the output folder is taken: the step plan is built after it
        if (window != null && !(window > 0 && Double.isFinite(window))) {
            throw new CommandLine.ParameterException(cli, "--window must be a positive number of seconds");
        }
        if (!Double.isFinite(step)) {
            throw new CommandLine.ParameterException(cli, "--step must be a positive number of seconds");
        }
        try {
            segmenter = new Segmenter(step, smooth, threshold);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--step, --smooth, --threshold: " + e.getMessage());
        }
        return super.call();
    }

    @Override
    ClassifyJob job(
            SparkSession spark,
            ModelSpec model,
            ClipProtocol protocol,
            ClassifyJob.Settings settings,
            WorkFolder work) {
        plan = new StepPlan(step, window == null ? 0 : window, protocol.params());
        ClassifyJob.Settings bounded = settings.clipsPerUnit() > 0
                ? settings
                : new ClassifyJob.Settings(
                        settings.batchSize(),
                        DEFAULT_CLIPS_PER_UNIT,
                        settings.aggregation(),
                        settings.features(),
                        settings.partitions(),
                        settings.decodeTimeoutSeconds());
        return super.job(spark, model, protocol, bounded, work).planning(plan);
    }

    /** The protocol's settings and the steps' own: a {@code --resume} with other steps is refused. */
    @Override
    Map<String, String> jobSettings(ModelConfig config, ClipProtocol protocol) {
        Map<String, String> s = super.jobSettings(config, protocol);
        s.put("step_s", Double.toString(step));
        s.put("window_s", window == null ? null : Double.toString(window));
        return s;
    }

    @Override
    void writeTables(Run run) {
        boolean probabilities = run.config().outputsProbabilities();
        JavaRDD<VideoTimeline> timelines =
                TimelineJob.timelines(run.inputs(), run.result(), plan, segmenter, probabilities);
        run.out().write("timeline", TimelineJob.timelineTable(run.spark(), timelines, run.labels(), topK));
        run.out().write("segments", TimelineJob.segmentTable(run.spark(), timelines, run.labels()));
        run.summary()
                .config(
                        "clips_per_unit",
                        runOptions.clipsPerUnit > 0 ? runOptions.clipsPerUnit : DEFAULT_CLIPS_PER_UNIT)
                .config("step_s", step)
                .config("window_s", window == null ? "preset clip span" : window)
                .config("smooth_s", smooth)
                .config("threshold", threshold)
                .result("steps", timelines.map(VideoTimeline::steps).fold(0, Integer::sum))
                .result("segments", timelines.map(t -> t.segments().size()).fold(0, Integer::sum));
        long videos = timelines.count();
        TimelineSection.add(
                run.report(),
                timelines.sortBy(VideoTimeline::videoId, true, 1).take(TimelineSection.MAX_VIDEOS),
                videos,
                run.labels());
        timelines.unpersist();
    }
}
