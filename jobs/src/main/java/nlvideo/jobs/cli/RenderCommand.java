package nlvideo.jobs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import nlvideo.jobs.classify.ClassifyJob;
import nlvideo.jobs.infer.ModelSpec;
import nlvideo.jobs.output.OutputFolder;
import nlvideo.jobs.recovery.WorkFolder;
import nlvideo.jobs.render.StepLabels;
import nlvideo.jobs.render.VideoRenderer;
import nlvideo.jobs.timeline.Segmenter;
import nlvideo.jobs.timeline.StepPlan;
import nlvideo.jobs.timeline.TimelineJob;
import nlvideo.jobs.timeline.VideoTimeline;
import nlvideo.model.ModelConfig;
import nlvideo.pipeline.aggregate.VideoAggregator;
import nlvideo.pipeline.clip.ClipProtocol;
import nlvideo.pipeline.dataset.LabelList;
import nlvideo.pipeline.dataset.VideoExtensions;
import nlvideo.pipeline.dataset.VideoRef;
import nlvideo.pipeline.video.Deinterlace;
import nlvideo.pipeline.video.VideoException;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nlvideo render}: the video with its current top-k labels drawn on every frame. */
@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Write VIDEO again as H.264 MP4 with the current top-k labels and scores drawn on every"
                    + " frame: all its frames, at its frame rate, size and rotation, its audio re-encoded"
                    + " (as AAC). The labels come from a timeline already computed (--from DIR, the"
                    + " output folder of nlvideo timeline) or are computed here with the model options,"
                    + " a clip every --step seconds as timeline does."
        })
public final class RenderCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "VIDEO", description = "The video to draw on.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "OUT.mp4", description = "The MP4 file to write.")
    Path output;

    @Option(names = "--overwrite", description = "Replace an existing output file.")
    boolean overwrite;

    @Option(
            names = "--from",
            paramLabel = "DIR",
            description = "Labels from this timeline output folder (its timeline table) instead of the model.")
    Path from;

    @Option(
            names = "--video-id",
            paramLabel = "ID",
            description = "With --from: the video's id in the timeline table (default: the only video"
                    + " there, else the input's file name without extension).")
    String videoId;

    @Option(
            names = "--top-k",
            paramLabel = "K",
            defaultValue = "3",
            description = "Labels drawn per frame (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(
            names = "--step",
            paramLabel = "SECONDS",
            defaultValue = "1",
            description = "Without --from: seconds between clips (default: ${DEFAULT-VALUE}).")
    double step;

    @Option(
            names = "--window",
            paramLabel = "SECONDS",
            description = "Without --from: seconds each clip spans (default: the preset's clip span).")
    Double window;

    @Option(
            names = "--crf",
            paramLabel = "N",
            defaultValue = "18",
            description = "x264 quality, 0 (lossless) to 51 (default: ${DEFAULT-VALUE}, close to the source).")
    int crf;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    ProtocolOptions protocolOptions;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() throws Exception {
        CommandLine cli = spec.commandLine();
        if (!Files.isRegularFile(input)) {
            throw new CommandLine.ParameterException(cli, "--input " + input + " is not a file");
        }
        if (Files.isDirectory(output)) {
            throw new CommandLine.ParameterException(cli, "--output " + output + " is a folder, not a file");
        }
        if (Files.exists(output) && !overwrite) {
            throw new CommandLine.ParameterException(
                    cli, "--output " + output + " exists; pass --overwrite to replace it");
        }
        if (output.toAbsolutePath().getParent() != null
                && !Files.isDirectory(output.toAbsolutePath().getParent())) {
            throw new CommandLine.ParameterException(cli, "--output " + output + ": its folder does not exist");
        }
        checkOutputIsNoInput(cli);
        if (topK < 1) {
            throw new CommandLine.ParameterException(cli, "--top-k must be at least 1");
        }
        if (crf < 0 || crf > 51) {
            throw new CommandLine.ParameterException(cli, "--crf must be between 0 and 51");
        }
        Deinterlace deinterlace = protocolOptions.deinterlace(cli);
        CommandLine.ParseResult parsed = cli.getParseResult();
        if (from != null) {
            for (String modelOption : List.of("--model", "--weights", "--labels", "--step", "--window")) {
                if (parsed.hasMatchedOption(modelOption)) {
                    throw new CommandLine.ParameterException(
                            cli, "--from takes the labels from a timeline: " + modelOption + " does not apply");
                }
            }
            if (!Files.isDirectory(from)) {
                throw new CommandLine.ParameterException(cli, "--from " + from + " is not a folder");
            }
        } else if (videoId != null) {
            throw new CommandLine.ParameterException(cli, "--video-id applies to --from only");
        }
        StepLabels labels;
        if (from != null) {
            labels = fromTimeline(cli);
        } else {
            labels = computed(cli);
            if (labels == null) {
                return 1;
            }
        }
        try {
            VideoRenderer.Result r = VideoRenderer.render(input, output, labels, topK, crf, deinterlace);
            cli.getOut()
                    .printf(
                            "wrote %s: %d frames%s%n",
                            output, r.frames(), r.audio() ? ", audio re-encoded (AAC)" : ", no audio");
            cli.getOut().flush();
            return 0;
        } catch (VideoException e) {
            Files.deleteIfExists(output);
            cli.getErr().println("nlvideo render: " + e.kind().code() + ": " + e.getMessage());
            cli.getErr().flush();
            return 1;
        } catch (IOException e) {
            Files.deleteIfExists(output);
            throw e;
        }
    }

    /**
     * {@code --output} may replace neither a file the command reads (the video, the weights, a
     * label or model file: {@link OptionPaths}) nor a file of the {@code --from} folder (the
     * timeline job's output, its table included), and a symbolic link is not followed: the rules
     * of {@link nlvideo.jobs.output.OutputFolder} for a single file.
     */
    private void checkOutputIsNoInput(CommandLine cli) {
        if (Files.isSymbolicLink(output)) {
            throw new CommandLine.ParameterException(
                    cli, "--output " + output + " is a symbolic link: name the file itself to replace it");
        }
        Path target = OutputFolder.realOrNormal(output);
        for (Path in : OptionPaths.inputs(cli, Set.of("--output"))) {
            Path p = OutputFolder.realOrNormal(in);
            boolean inside = in.equals(from) && target.startsWith(p) && Files.exists(output);
            if (p.equals(target) || inside) {
                throw new CommandLine.ParameterException(
                        cli,
                        "--output " + output
                                + (inside ? " would replace a file of --from " : " is an input of this command: ") + in
                                + "; choose another output file");
            }
        }
    }

    private StepLabels fromTimeline(CommandLine cli) {
        List<StepLabels.TimelineRow> rows;
        SparkSession spark =
                Files.isDirectory(from.resolve("timeline")) ? sparkOptions.start(cli, "nlvideo render") : null;
        try {
            rows = StepLabels.readTable(from, spark);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--from: " + e.getMessage());
        } finally {
            if (spark != null) {
                spark.stop();
            }
        }
        var ids = StepLabels.videoIds(rows);
        String id = videoId != null
                ? videoId
                : ids.size() == 1
                        ? ids.iterator().next()
                        : VideoExtensions.stripExtension(input.getFileName().toString());
        if (!ids.contains(id)) {
            throw new CommandLine.ParameterException(
                    cli,
                    "--from " + from + " has no timeline for video '" + id + "'; it has " + ids + " (use --video-id)");
        }
        return StepLabels.of(rows.stream().filter(r -> r.videoId().equals(id)).toList(), topK);
    }

    /** The input's timeline computed here; null (after a message) when the video cannot be classified. */
    private StepLabels computed(CommandLine cli) {
        ModelConfig config = modelOptions.config(cli);
        LabelList labelList = modelOptions.labelList(cli, config);
        ModelSpec model = modelOptions.spec(cli, config, false);
        ClipProtocol protocol = protocolOptions.protocol(cli, config);
        StepPlan plan;
        try {
            plan = new StepPlan(step, window == null ? 0 : window, protocol.params());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--step, --window: " + e.getMessage());
        }
        if (model.randomWeights()) {
            cli.getErr().println("nlvideo: no --weights given: using " + modelOptions.weightsDescription());
        }
        SparkSession spark = sparkOptions.start(cli, "nlvideo render");
        WorkFolder work = WorkFolder.temporary();
        try {
            VideoRef ref = new VideoRef(
                    VideoExtensions.stripExtension(input.getFileName().toString()),
                    input.toAbsolutePath().toString(),
                    List.of());
            ClassifyJob.Settings settings = new ClassifyJob.Settings(
                    4,
                    TimelineCommand.DEFAULT_CLIPS_PER_UNIT,
                    VideoAggregator.Method.MEAN_SOFTMAX,
                    false,
                    0,
                    DecodeTimeoutOption.DEFAULT_SECONDS);
            ClassifyJob.Result result = new ClassifyJob("render", spark, model, protocol, settings, work)
                    .planning(plan)
                    .run(List.of(ref));
            var outcome = result.videos().get(0);
            if (!outcome.isPredicted()) {
                cli.getErr().println("nlvideo render: " + outcome.errorKind() + ": " + outcome.errorMessage());
                cli.getErr().flush();
                return null;
            }
            boolean probabilities = config.outputsProbabilities();
            var timelines = TimelineJob.timelines(List.of(ref), result, plan, new Segmenter(step, 0, 0), probabilities);
            VideoTimeline timeline = timelines.collect().get(0);
            timelines.unpersist();
            result.clips().unpersist();
            return StepLabels.of(timeline, labelList, topK);
        } finally {
            spark.stop();
            work.deleteIfTemporary();
        }
    }
}
