package nlvideo.jobs.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import nlvideo.jobs.classify.ClassifyJob;
import nlvideo.jobs.output.JobSummary;
import nlvideo.jobs.output.OutputFolderException;
import nlvideo.jobs.output.OutputFormat;
import nlvideo.jobs.recovery.WorkFolder;
import nlvideo.jobs.report.HtmlReport;
import nlvideo.jobs.stream.StreamFolder;
import nlvideo.jobs.stream.VideoSink;
import nlvideo.jobs.stream.WatchQuery;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryException;
import picocli.CommandLine;

/**
 * {@code classify --watch DIR} and {@code extract-features --watch DIR}: the command's own
 * classification ({@link ClassificationCommand#classify}: the same job, the same tables) run on
 * each micro-batch of a Structured Streaming query over the folder ({@link WatchQuery}), its rows
 * appended to the tables in {@code --output} exactly once ({@link VideoSink}), until stopped.
 */
final class FolderWatch {

    /**
     * Options that change how the watch runs but not its rows: a restart may change them. Every
     * other option is kept in the folder's {@code watch.json} and must be the same on restart.
     */
    private static final Set<String> RUN_ONLY = Set.of(
            "--trigger",
            "--settle",
            "--overwrite",
            "--master",
            "--spark-conf",
            "--batch-size",
            "--partitions",
            "--clips-per-unit",
            "--help",
            "--version");

    private final ClassificationCommand command;
    private final WatchOptions options;

    FolderWatch(ClassificationCommand command, WatchOptions options) {
        this.command = command;
        this.options = options;
    }

    /**
     * Checks the options (exit code 2, nothing written), takes the output folder, and runs the watch
     * until it is stopped.
     *
     * @return 0 once stopped, 1 when a micro-batch failed (started again, the watch resumes at it)
     */
    int run(CommandLine cli) {
        if (command.inputs.input != null) {
            throw new CommandLine.ParameterException(
                    cli, "--watch and --input exclude each other: a watch classifies what lands in its folder");
        }
        options.validate(cli);
        if (command.output.output == null) {
            throw new CommandLine.ParameterException(
                    cli, "--watch needs --output DIR: the folder whose tables the watch appends to");
        }
        ClassificationCommand.Setup setup = command.setup(cli);
        command.checkWeights(cli, setup);
        OutputFormat format = command.output.formatOrDefault();
        StreamFolder folder;
        try {
            folder = StreamFolder.claim(
                    command.output.output,
                    options.watch,
                    command.output.overwrite,
                    command.name() + " --watch",
                    settings(cli));
        } catch (OutputFolderException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
        SparkSession spark = command.sparkOptions.start(cli, "nlvideo " + command.name() + " --watch", setup.model());
        try {
            VideoSink.Classifier classifier = (batch, refs, out) -> {
                JobSummary unused = command.summary(setup, spark, "watch", options.watch.toString());
                HtmlReport report = new HtmlReport("nlvideo " + command.name());
                WorkFolder work = WorkFolder.open(folder.batchWork(batch), true);
                ClassifyJob.Result result = command.classify(spark, setup, refs, work, out, unused, report);
                result.clips().unpersist();
                return result.videos();
            };
            VideoSink sink = new VideoSink(
                    spark,
                    folder,
                    options.watch,
                    format,
                    Math.round(options.settleSeconds() * 1000),
                    classifier,
                    command.summary(
                                    setup,
                                    spark,
                                    "watch",
                                    options.watch.toAbsolutePath().toString())
                            .config("trigger_s", options.triggerSeconds())
                            .config("settle_s", options.settleSeconds()),
                    System.err);
            new WatchQuery(spark, folder, options.watch, options.triggerSeconds(), sink, System.err).run();
        } catch (StreamingQueryException | TimeoutException e) {
            System.err.println("nlvideo: the watch failed: " + e.getMessage()
                    + "\nnlvideo: start it again with the same options: it resumes at the micro-batch that failed");
            return 1;
        } finally {
            spark.stop();
        }
        return 0;
    }

    /** Every option that decides the rows, with its value (paths absolute), for {@code watch.json}. */
    private Map<String, String> settings(CommandLine cli) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("command", command.name());
        for (CommandLine.Model.OptionSpec option : cli.getCommandSpec().options()) {
            String name = option.longestName();
            if (RUN_ONLY.contains(name)) {
                continue;
            }
            Object value = option.getValue();
            if (value instanceof Path p) {
                value = p.toAbsolutePath().normalize();
            } else if (value instanceof double[] d) {
                value = Arrays.toString(d);
            } else if (value instanceof Object[] a) {
                value = Arrays.toString(a);
            }
            settings.put(name, value == null ? null : value.toString());
        }
        return settings;
    }
}
