package nlvideo.jobs.cli;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import nlvideo.jobs.output.JobOutput;
import nlvideo.jobs.output.JobSummary;
import nlvideo.jobs.output.OutputFolder;
import nlvideo.jobs.probe.ProbeJob;
import nlvideo.jobs.recovery.FailedAttempts;
import nlvideo.jobs.recovery.WorkFolder;
import nlvideo.pipeline.dataset.VideoRef;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code nlvideo probe}: one row per input file with its stream facts, or why it is unusable. */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        description = "List every input file (in a folder: every file, whatever its extension) with its container,"
                + " codec, the stream decoded, displayed and stored size, sample aspect ratio, rotation, frame rate,"
                + " duration, frame count and its source, colour matrix and range, field order; or its error"
                + " kind and message (timeout for a file whose probe outlasts --decode-timeout, crashed for one"
                + " that kills its executor).")
public final class ProbeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    InputOptions inputs;

    @Mixin
    OutputOptions output;

    @Mixin
    SparkOptions sparkOptions;

    @Mixin
    DecodeTimeoutOption decodeTimeout;

    @Override
    public Integer call() {
        inputs.validate(spec.commandLine());
        output.validate(spec.commandLine(), true);
        Duration limit = decodeTimeout.limit(spec.commandLine());
        long start = System.nanoTime();
        SparkSession spark = sparkOptions.start(spec.commandLine(), "nlvideo probe");
        WorkFolder work = null;
        try {
            List<VideoRef> refs = inputs.read(spec.commandLine(), spark, null, true);
            if (refs.isEmpty()) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--input " + inputs.input + " holds no files");
            }
            JobSummary summary = new JobSummary("probe")
                    .config("input", inputs.input.toString())
                    .config("format", output.formatOrDefault().name().toLowerCase(Locale.ROOT))
                    .config("decode_timeout_s", limit.toSeconds());
            OutputFolder folder = output.claim(
                    spec.commandLine(),
                    false,
                    "probe",
                    Map.of("input", inputs.input.toAbsolutePath().toString()),
                    OptionPaths.videos(refs));
            work = folder != null ? WorkFolder.open(folder.workDir(), false) : WorkFolder.temporary();
            JobOutput out = new JobOutput(folder == null ? null : folder.dir(), output.formatOrDefault(), System.out);
            FailedAttempts faults = new FailedAttempts();
            spark.sparkContext().addSparkListener(faults);
            Dataset<Row> table = ProbeJob.run(spark, refs, work, limit).cache();
            out.write("probe", table.orderBy("video_id"));
            countByStatus(summary, refs.size(), table);
            summary.count("failed_task_attempts", faults.failedTasks()).count("executors_lost", faults.lostExecutors());
            summary.timing("total", (System.nanoTime() - start) / 1e9);
            out.writeSummary(summary);
        } finally {
            spark.stop();
            if (work != null) {
                work.deleteIfTemporary();
            }
        }
        return 0;
    }

    private static void countByStatus(JobSummary summary, int inputs, Dataset<Row> table) {
        Map<String, Long> failedByKind = new TreeMap<>();
        long ok = 0;
        for (Row r : table.groupBy("status", "error_kind").count().collectAsList()) {
            if ("ok".equals(r.getString(0))) {
                ok += r.getLong(2);
            } else {
                failedByKind.merge(r.getString(1), r.getLong(2), Long::sum);
            }
        }
        summary.count("inputs", inputs)
                .count("ok", ok)
                .count(
                        "failed",
                        failedByKind.values().stream()
                                .mapToLong(Long::longValue)
                                .sum())
                .count("failed_by_kind", failedByKind);
    }
}
