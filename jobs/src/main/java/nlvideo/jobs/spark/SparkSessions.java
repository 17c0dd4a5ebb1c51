package nlvideo.jobs.spark;

import java.util.Map;
import nlvideo.jobs.cli.SparkOptions;
import nlvideo.jobs.infer.ModelPreload;
import nlvideo.jobs.infer.ModelSpec;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Makes the job's SparkSession. Embedded runs get {@code local[*,4]} in this JVM (every core, and
 * up to 4 attempts per task as on a cluster); under spark-submit the master and configuration it
 * set are kept.
 */
public final class SparkSessions {

    private SparkSessions() {}

    public static SparkSession start(String appName, SparkOptions options) {
        return start(appName, options, null);
    }

    /**
     * As {@link #start(String, SparkOptions)}; when the executors are JVMs of their own (any master
     * but {@code local} and {@code local[...]}), they also build {@code preload}'s network as they
     * start ({@link ModelPreload}).
     *
     * @param preload the job's network, or null
     */
    public static SparkSession start(String appName, SparkOptions options, ModelSpec preload) {
        SparkConf conf = new SparkConf(); // picks up spark.* system properties set by spark-submit
        conf.setAppName(appName);
        conf.setMaster(master(options, conf));
        if (conf.get("spark.master").startsWith("local")) {
            // Embedded: everything stays on loopback, whatever the host name resolves to.
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        conf.setIfMissing("spark.ui.showConsoleProgress", "false"); // the job prints its own progress
        conf.setIfMissing("spark.sql.shuffle.partitions", "8"); // shuffles carry scores, not tensors
        for (Map.Entry<String, String> e : options.conf.entrySet()) {
            conf.set(e.getKey(), e.getValue());
        }
        if (preload != null && !inThisJvm(conf.get("spark.master"))) {
            ModelPreload.configure(conf, preload);
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /**
     * Whether a session started with {@code options} runs its executors in this JVM: {@code local},
     * {@code local[N]}, {@code local[N,M]} (not {@code local-cluster}, whose executors are JVMs of
     * their own).
     */
    public static boolean executorsInThisJvm(SparkOptions options) {
        return inThisJvm(master(options, new SparkConf()));
    }

    private static boolean inThisJvm(String master) {
        return master.equals("local") || master.startsWith("local[");
    }

    /**
     * The master: {@code --spark-conf spark.master}, else {@code --master}, else spark-submit's,
     * else {@code local[*,4]}: every core, and up to 4 attempts per task as on a cluster (a task that
     * fails is retried with its videos one at a time, and a video that makes it fail ends as an
     * error row).
     */
    private static String master(SparkOptions options, SparkConf submitted) {
        String conf = options.conf.get("spark.master");
        if (conf != null) {
            return conf;
        }
        return options.master != null ? options.master : submitted.get("spark.master", "local[*,4]");
    }
}
