package nlvideo.jobs.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nlvideo.jobs.classify.ClassifyJob;
import nlvideo.jobs.classify.ClassifyTables;
import nlvideo.jobs.classify.VideoOutcome;
import nlvideo.jobs.infer.ModelSpec;
import nlvideo.jobs.output.JobOutput;
import nlvideo.jobs.output.JobSummary;
import nlvideo.jobs.report.ClassificationSection;
import nlvideo.jobs.report.HtmlReport;
import nlvideo.jobs.report.RunSection;
import nlvideo.jobs.spark.SparkSessions;
import nlvideo.model.ModelConfig;
import nlvideo.pipeline.clip.ClipProtocol;
import nlvideo.pipeline.dataset.LabelList;
import nlvideo.pipeline.dataset.VideoRef;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code classify}, {@code evaluate} and {@code extract-features} share: read the inputs,
 * run the classification job, write predictions and errors (every input once), the summary and
 * {@code report.html} (the inputs' counts and failures, the command's own sections, the run).
 * Each command adds its own tables in {@link #writeTables}.
 */
abstract class ClassificationCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    InputOptions inputs;

    @Mixin
    OutputOptions output;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    ProtocolOptions protocolOptions;

    @Mixin
    RunOptions runOptions;

    @Mixin
    SparkOptions sparkOptions;

    @Option(
            names = "--top-k",
            paramLabel = "K",
            defaultValue = "5",
            description = "Labels per video in the predictions (default: ${DEFAULT-VALUE}).")
    int topK;

    /** Everything a command's tables are made from. */
    record Run(
            SparkSession spark,
            List<VideoRef> inputs,
            LabelList labels,
            ModelConfig config,
            ClipProtocol protocol,
            ClassifyJob.Result result,
            ClassifyTables tables,
            JobOutput out,
            JobSummary summary,
            HtmlReport report) {}

    /** What the options give before Spark starts: the network, the classes scored, the protocol, the job's settings. */
    record Setup(
            ModelConfig config,
            LabelList labels,
            ModelSpec model,
            ClipProtocol protocol,
            ClassifyJob.Settings settings) {}

    /** The command's name in summaries and in the Spark UI. */
    abstract String name();

    /** Whether the job computes pool5 features. */
    abstract boolean needsFeatures();

    /** Whether the inputs must carry labels. */
    boolean needsLabels() {
        return false;
    }

    /** The folder watch options of a command that has them ({@code --watch}), else null. */
    WatchOptions watchOptions() {
        return null;
    }

    /** The classes the command's scores name: the network's own ({@code --labels}), unless it scores otherwise. */
    LabelList classes(CommandLine cli, ModelConfig config) {
        return modelOptions.labelList(cli, config);
    }

    /** The job's outcomes as the command scores them: the network's head, unless it scores otherwise. */
    List<VideoOutcome> scored(SparkSession spark, List<VideoOutcome> videos) {
        return videos;
    }

    /** The classification job as this command runs it (the timeline plans its own clips). */
    ClassifyJob job(SparkSession spark, ModelSpec model, ClipProtocol protocol, ClassifyJob.Settings settings) {
        return new ClassifyJob(name(), spark, model, protocol, settings);
    }

    /** Writes the command's tables; predictions, errors and the summary are written after. */
    abstract void writeTables(Run run);

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        WatchOptions watch = watchOptions();
        if (watch != null && watch.watching()) {
            return new FolderWatch(this, watch).run(cli);
        }
        if (watch != null) {
            watch.checkUnused(cli);
        }
        inputs.validate(cli);
        output.validate(cli, true);
        Setup setup = setup(cli);

        SparkSession spark = SparkSessions.start("nlvideo " + name(), sparkOptions);
        try {
            List<VideoRef> refs = inputs.read(cli, spark, needsLabels() ? setup.labels() : null);
            if (needsLabels() && refs.stream().noneMatch(VideoRef::isLabeled)) {
                throw new CommandLine.ParameterException(
                        cli, "--input " + inputs.input + " has no labels: " + name() + " needs annotated videos");
            }
            JobSummary summary = summary(setup, spark, "input", inputs.input.toString());
            JobOutput out = new JobOutput(output.output, output.formatOrDefault(), output.overwrite, System.out);
            HtmlReport report = new HtmlReport("nlvideo " + name() + ": " + inputs.input.getFileName());
            ClassifyJob.Result result = classify(spark, setup, refs, out, summary, report);
            ClassifyTables.counts(result.videos()).forEach(summary::count);
            result.timings().forEach(summary::timing);
            double minutes = result.timings().get("total") / 60;
            summary.result("videos_per_minute", Math.round(refs.size() / Math.max(minutes, 1e-9) * 10) / 10.0);
            out.writeSummary(summary);
            if (!out.toTerminal()) {
                RunSection.add(report, summary.toMap());
                report.writeTo(out.dir().resolve("report.html"));
            }
            result.clips().unpersist();
        } finally {
            spark.stop();
        }
        return 0;
    }

    /**
     * Checks the options that shape the job and makes its setup; a bad one is a usage error (exit
     * code 2) before anything starts.
     */
    Setup setup(CommandLine cli) {
        if (topK < 1) {
            throw new CommandLine.ParameterException(cli, "--top-k must be at least 1");
        }
        ModelConfig config = modelOptions.config(cli);
        LabelList labels = classes(cli, config);
        ModelSpec model = modelOptions.spec(cli, config);
        ClipProtocol protocol = protocolOptions.protocol(cli, config);
        ClassifyJob.Settings settings = runOptions.settings(cli, needsFeatures(), config);
        if (model.randomWeights()) {
            System.err.println("nlvideo: no --weights given: using " + modelOptions.weightsDescription());
        }
        return new Setup(config, labels, model, protocol, settings);
    }

    /** The summary's configuration block: where the videos come from ({@code source}) and how they were classified. */
    JobSummary summary(Setup setup, SparkSession spark, String sourceKey, String source) {
        return new JobSummary(name())
                .config(sourceKey, source)
                .config("model", setup.config().name())
                .config("weights", modelOptions.weightsDescription())
                .config("protocol", setup.protocol().toString())
                .config("aggregation", setup.settings().aggregation().name().toLowerCase(Locale.ROOT))
                .config("batch_size", setup.settings().batchSize())
                .config("clips_per_unit", setup.settings().clipsPerUnit())
                .config("spark_master", spark.sparkContext().master());
    }

    /**
     * Classifies {@code refs} and writes the command's tables and the errors table into {@code
     * out}: the whole job of a batch run, and one micro-batch of a folder watch.
     *
     * @return the job's result, its outcomes as the command scored them ({@link #scored})
     */
    ClassifyJob.Result classify(
            SparkSession spark,
            Setup setup,
            List<VideoRef> refs,
            JobOutput out,
            JobSummary summary,
            HtmlReport report) {
        ClassifyJob.Result job =
                job(spark, setup.model(), setup.protocol(), setup.settings()).run(refs);
        ClassifyJob.Result result = new ClassifyJob.Result(scored(spark, job.videos()), job.clips(), job.timings());
        ClassifyTables tables = new ClassifyTables(spark, setup.labels(), topK);
        ClassificationSection.outcomes(report, result.videos());
        writeTables(new Run(
                spark, refs, setup.labels(), setup.config(), setup.protocol(), result, tables, out, summary, report));
        out.write("errors", tables.errors(result.videos()));
        return result;
    }
}
