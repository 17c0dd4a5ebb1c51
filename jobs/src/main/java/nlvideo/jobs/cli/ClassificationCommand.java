package nlvideo.jobs.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import nlvideo.jobs.classify.ClassifyJob;
import nlvideo.jobs.classify.ClassifyTables;
import nlvideo.jobs.classify.VideoOutcome;
import nlvideo.jobs.infer.ModelSpec;
import nlvideo.jobs.output.JobOutput;
import nlvideo.jobs.output.JobSummary;
import nlvideo.jobs.output.OutputFolder;
import nlvideo.jobs.recovery.WorkFolder;
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

    /** The command's name in summaries and in the Spark UI. */
    abstract String name();

    /** Whether the job computes pool5 features. */
    abstract boolean needsFeatures();

    /** Whether the inputs must carry labels. */
    boolean needsLabels() {
        return false;
    }

    /** What the options give before Spark starts: the network, the classes scored, the protocol, the job's settings. */
    record Setup(
            ModelConfig config,
            LabelList labels,
            ModelSpec model,
            ClipProtocol protocol,
            ClassifyJob.Settings settings) {}

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

    /**
     * The classification job as this command runs it (the timeline plans its own clips), keeping
     * its books in {@code work}.
     */
    ClassifyJob job(
            SparkSession spark,
            ModelSpec model,
            ClipProtocol protocol,
            ClassifyJob.Settings settings,
            WorkFolder work) {
        return new ClassifyJob(name(), spark, model, protocol, settings, work);
    }

    /** Checks the command's own options before anything starts; a bad one is a usage error (exit code 2). */
    void checkOptions(CommandLine cli) {}

    /**
     * Checks what the command needs of its inputs and options once the inputs are read, before
     * anything is written (a usage error then leaves the output folder as it was).
     *
     * @throws CommandLine.ParameterException (exit code 2)
     */
    void checkInputs(CommandLine cli, List<VideoRef> refs) {}

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
        output.validate(cli, true, runOptions.resume());
        checkOptions(cli);
        Setup setup = setup(cli);

        // the driver reads --weights into the network while Spark starts (both take a fraction of
        // a second to seconds, mostly on one core each); a bad file still ends the run as a usage
        // error before anything is read or written
        CompletableFuture<Void> weights = CompletableFuture.runAsync(() -> checkWeights(cli, setup), DAEMON);
        long sparkStart = System.nanoTime();
        SparkSession spark;
        try {
            spark = sparkOptions.start(cli, "nlvideo " + name(), setup.model());
        } catch (RuntimeException e) {
            weights.handle((ok, failed) -> null).join();
            throw e;
        }
        double sparkSeconds = (System.nanoTime() - sparkStart) / 1e9;
        try {
            weights.join();
        } catch (CompletionException e) {
            spark.stop();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        WorkFolder work = null;
        try {
            List<VideoRef> refs = inputs.read(cli, spark, needsLabels() ? setup.labels() : null);
            if (refs.isEmpty()) {
                throw new CommandLine.ParameterException(cli, "--input " + inputs.input + " holds no videos");
            }
            if (needsLabels() && refs.stream().noneMatch(VideoRef::isLabeled)) {
                throw new CommandLine.ParameterException(
                        cli, "--input " + inputs.input + " has no labels: " + name() + " needs annotated videos");
            }
            checkInputs(cli, refs);
            JobSummary summary = summary(setup, spark, "input", inputs.input.toString());
            OutputFolder folder = output.claim(
                    cli,
                    runOptions.resume(),
                    name(),
                    jobSettings(setup.config(), setup.protocol()),
                    OptionPaths.videos(refs));
            work = folder != null ? WorkFolder.open(folder.workDir(), true) : WorkFolder.temporary();
            JobOutput out = new JobOutput(folder == null ? null : folder.dir(), output.formatOrDefault(), System.out);
            HtmlReport report = new HtmlReport("nlvideo " + name() + ": " + inputs.input.getFileName());
            long writeStart = System.nanoTime();
            ClassifyJob.Result result = classify(spark, setup, refs, work, out, summary, report);
            ClassifyTables.counts(result.videos()).forEach(summary::count);
            summary.timing("spark_start", sparkSeconds);
            result.timings().forEach(summary::timing);
            result.runs().forEach(summary::count);
            summary.timing(
                    "write",
                    (System.nanoTime() - writeStart) / 1e9 - result.timings().get("total"));
            summary.perView(result.perView());
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
            if (work != null) {
                work.deleteIfTemporary();
            }
        }
        return 0;
    }

    /**
     * Checks the options that shape the job and makes its setup; a bad one is a usage error (exit
     * code 2) before anything starts. The weights file is only checked to be a file: {@link
     * #checkWeights} reads it.
     */
    Setup setup(CommandLine cli) {
        if (topK < 1) {
            throw new CommandLine.ParameterException(cli, "--top-k must be at least 1");
        }
        ModelConfig config = modelOptions.config(cli);
        LabelList labels = classes(cli, config);
        ModelSpec model = modelOptions.uncheckedSpec(cli, config);
        ClipProtocol protocol = protocolOptions.protocol(cli, config);
        ClassifyJob.Settings settings = runOptions.settings(cli, needsFeatures(), config);
        if (model.randomWeights()) {
            System.err.println("nlvideo: no --weights given: using " + modelOptions.weightsDescription());
        }
        return new Setup(config, labels, model, protocol, settings);
    }

    /**
     * Reads {@code --weights} into the network, which then goes to this JVM's executors when Spark
     * runs them here ({@link ModelOptions#checkWeights}); safe on any thread.
     *
     * @throws CommandLine.ParameterException (exit code 2) naming {@code --weights}
     */
    void checkWeights(CommandLine cli, Setup setup) {
        modelOptions.checkWeights(cli, setup.config(), setup.model(), SparkSessions.executorsInThisJvm(sparkOptions));
    }

    /** Runs the weights check beside Spark's start: a daemon thread, so that it never holds the JVM. */
    private static final java.util.concurrent.Executor DAEMON = task -> {
        Thread t = new Thread(task, "nlvideo-weights-check");
        t.setDaemon(true);
        t.start();
    };

    /** The summary's configuration block: where the videos come from ({@code source}) and how they were classified. */
    JobSummary summary(Setup setup, SparkSession spark, String sourceKey, String source) {
        return new JobSummary(name())
                .config(sourceKey, source)
                .config("model", setup.config().name())
                .config("weights", modelOptions.weightsDescription())
                .config("precision", setup.model().precision().label())
                .config("protocol", setup.protocol().describe())
                .config("aggregation", setup.settings().aggregation().name().toLowerCase(Locale.ROOT))
                .config("batch_size", setup.settings().batchSize())
                .config("clips_per_unit", setup.settings().clipsPerUnit())
                .config("spark_master", spark.sparkContext().master());
    }

    /**
     * Classifies {@code refs}, keeping the job's books in {@code work}, and writes the command's
     * tables and the errors table into {@code out}: the whole job of a batch run, and one
     * micro-batch of a folder watch.
     *
     * @return the job's result, its outcomes as the command scored them ({@link #scored})
     */
    ClassifyJob.Result classify(
            SparkSession spark,
            Setup setup,
            List<VideoRef> refs,
            WorkFolder work,
            JobOutput out,
            JobSummary summary,
            HtmlReport report) {
        ClassifyJob.Result job = job(spark, setup.model(), setup.protocol(), setup.settings(), work)
                .run(refs);
        ClassifyJob.Result result = new ClassifyJob.Result(
                scored(spark, job.videos()), job.clips(), job.timings(), job.runs(), job.perView());
        ClassifyTables tables = new ClassifyTables(spark, setup.labels(), topK);
        ClassificationSection.outcomes(report, result.videos());
        writeTables(new Run(
                spark, refs, setup.labels(), setup.config(), setup.protocol(), result, tables, out, summary, report));
        out.write("errors", tables.errors(result.videos()));
        return result;
    }

    /**
     * What decides the job's per-view results, kept in the output folder's marker: a {@code
     * --resume} with other values is refused, since its rows would not match the earlier ones. A
     * command that plans its own clips adds what decides them.
     */
    Map<String, String> jobSettings(ModelConfig config, ClipProtocol protocol) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("input", inputs.input.toAbsolutePath().normalize().toString());
        s.put("input_type", inputs.inputType);
        s.put(
                "videos",
                inputs.videos == null
                        ? null
                        : inputs.videos.toAbsolutePath().normalize().toString());
        s.put("model", config.toYaml());
        s.put("weights", modelOptions.weightsFingerprint());
        s.put("protocol", protocol.toString());
        s.put("features", Boolean.toString(needsFeatures()));
        return s;
    }
}
