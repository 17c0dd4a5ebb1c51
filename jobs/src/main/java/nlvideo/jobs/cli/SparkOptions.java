package nlvideo.jobs.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import nlvideo.jobs.infer.ModelSpec;
import nlvideo.jobs.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How to reach Spark: embedded {@code local[*]} by default, or what spark-submit set. */
public final class SparkOptions {

    @Option(
            names = "--master",
            paramLabel = "URL",
            description =
                    "Spark master (default: spark.master from spark-submit, else local[*,4] in this JVM: every core,"
                            + " 4 attempts per task).")
    public String master;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE", description = "Extra Spark configuration, repeatable.")
    public Map<String, String> conf = new LinkedHashMap<>();

    /** The master URLs Spark 3.5 accepts (local forms, standalone, YARN, Kubernetes, Mesos). */
    private static final Pattern MASTER =
            Pattern.compile("local|local\\[(\\*|[1-9]\\d*)(,[1-9]\\d*)?]|local-cluster\\[\\d+,\\d+,\\d+]"
                    + "|spark://.+|yarn|k8s://.+|mesos://.+");

    /**
     * Starts the job's Spark session. A master URL Spark does not take, or a configuration it
     * refuses, is a usage error.
     *
     * @throws CommandLine.ParameterException (exit code 2) naming {@code --master} or {@code --spark-conf}
     */
    public SparkSession start(CommandLine cli, String appName) {
        return start(cli, appName, null);
    }

    /**
     * As {@link #start(CommandLine, String)}; executors that are JVMs of their own also build
     * {@code preload}'s network as they start ({@link nlvideo.jobs.infer.ModelPreload}).
     *
     * @param preload the job's network, or null
     */
    public SparkSession start(CommandLine cli, String appName, ModelSpec preload) {
        if (master != null && !MASTER.matcher(master).matches()) {
            throw new CommandLine.ParameterException(
                    cli,
                    "--master " + master + " is not a Spark master URL (local[N], local[*], spark://HOST:PORT,"
                            + " yarn, k8s://..., mesos://...)");
        }
        try {
            return SparkSessions.start(appName, this, preload);
        } catch (Exception e) { // Spark's checked exceptions are thrown undeclared
            throw new CommandLine.ParameterException(
                    cli,
                    "cannot start Spark with --master " + (master == null ? "(default)" : master) + " and --spark-conf "
                            + conf + ": " + e.getMessage());
        }
    }
}
