package nlvideo.jobs.cli;

import java.util.List;
import java.util.concurrent.Callable;
import nlvideo.jobs.classify.ClassifyJob;
import nlvideo.jobs.classify.ClassifyTables;
import nlvideo.jobs.infer.ModelSpec;
import nlvideo.jobs.output.JobOutput;
import nlvideo.jobs.output.JobSummary;
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
 * run the classification job, write predictions and errors (every input once) and the summary.
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
            JobSummary summary) {}

    /** The command's name in summaries and in the Spark UI. */
    abstract String name();

    /** Whether the job computes pool5 features. */
    abstract boolean needsFeatures();

    /** Whether the inputs must carry labels. */
    boolean needsLabels() {
        return false;
    }

    /** Writes the command's tables; predictions, errors and the summary are written after. */
    abstract void writeTables(Run run);

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        inputs.validate(cli);
        output.validate(cli, true);
        if (topK < 1) {
            throw new CommandLine.ParameterException(cli, "--top-k must be at least 1");
        }
        ModelConfig config = modelOptions.config(cli);
        LabelList labels = modelOptions.labelList(cli, config);
        ModelSpec model = modelOptions.spec(cli, config);
        ClipProtocol protocol = protocolOptions.protocol(cli, config);
        ClassifyJob.Settings settings = runOptions.settings(cli, needsFeatures());

        SparkSession spark = SparkSessions.start("nlvideo " + name(), sparkOptions);
        try {
            List<VideoRef> refs = inputs.read(cli, spark, needsLabels() ? labels : null);
            if (needsLabels() && refs.stream().noneMatch(VideoRef::isLabeled)) {
                throw new CommandLine.ParameterException(
                        cli, "--input " + inputs.input + " has no labels: " + name() + " needs annotated videos");
            }
            if (model.randomWeights()) {
                System.err.println("nlvideo: no --weights given: using " + modelOptions.weightsDescription());
            }
            JobSummary summary = new JobSummary(name())
                    .config("input", inputs.input.toString())
                    .config("model", config.name())
                    .config("weights", modelOptions.weightsDescription())
                    .config("precision", model.precision().label())
                    .config("protocol", protocol.toString())
                    .config("aggregation", settings.aggregation().name().toLowerCase())
                    .config("batch_size", settings.batchSize())
                    .config("clips_per_unit", settings.clipsPerUnit())
                    .config("spark_master", spark.sparkContext().master());
            JobOutput out = new JobOutput(output.output, output.formatOrDefault(), output.overwrite, System.out);
            ClassifyJob.Result result = new ClassifyJob(name(), spark, model, protocol, settings).run(refs);
            ClassifyTables tables = new ClassifyTables(spark, labels, topK);
            Run run = new Run(spark, refs, labels, config, protocol, result, tables, out, summary);
            writeTables(run);
            out.write("errors", tables.errors(result.videos()));
            ClassifyTables.counts(result.videos()).forEach(summary::count);
            result.timings().forEach(summary::timing);
            double minutes = result.timings().get("total") / 60;
            summary.result("videos_per_minute", Math.round(refs.size() / Math.max(minutes, 1e-9) * 10) / 10.0);
            out.writeSummary(summary);
            result.clips().unpersist();
        } finally {
            spark.stop();
        }
        return 0;
    }
}
