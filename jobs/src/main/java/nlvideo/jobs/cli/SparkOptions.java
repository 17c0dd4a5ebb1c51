package nlvideo.jobs.cli;

import java.util.LinkedHashMap;
import java.util.Map;
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
}
