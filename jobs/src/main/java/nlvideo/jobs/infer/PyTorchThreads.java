package nlvideo.jobs.infer;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;

/**
 * Sizes PyTorch's thread pools for an executor whose forwards all run on one {@link InferenceThread}:
 * the intra-op pool gets every core the executor was given (one forward at a time uses them all),
 * the inter-op pool one thread (the network has no parallel branches to run).
 *
 * <p>The executor's cores, first found first used: the system property {@code nlvideo.infer.threads};
 * {@code spark.executor.cores}; {@code local[N]} (N, or every processor for {@code local[*]}); the
 * {@code --cores N} a cluster manager passed to the executor's {@code CoarseGrainedExecutorBackend}
 * (standalone, YARN and Kubernetes all do); the processors this JVM sees.
 */
final class PyTorchThreads {

    private static final Pattern LOCAL = Pattern.compile("local(?:-cluster)?\\[(\\*|\\d+)(?:,\\s*\\d+)?]");
    private static final Pattern CORES_ARG = Pattern.compile("\0--cores\0(\\d+)\0");

    private PyTorchThreads() {}

    /** Before the engine starts: DJL reads these properties once, when it loads PyTorch. */
    static synchronized void configure(int threads) {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    /** Sets the intra-op pool size on an engine that may have started with another one. */
    static void apply(int threads) {
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }

    /** The cores this executor JVM was given (at least 1); see the class comment for the order. */
    static int executorCores() {
        int processors = Math.max(1, Runtime.getRuntime().availableProcessors());
        String own = System.getProperty("nlvideo.infer.threads");
        if (own != null) {
            return Math.max(1, Integer.parseInt(own.trim()));
        }
        SparkEnv env = SparkEnv.get();
        if (env != null) {
            SparkConf conf = env.conf();
            if (conf.contains("spark.executor.cores")) {
                return Math.max(1, conf.getInt("spark.executor.cores", 1));
            }
            Matcher local = LOCAL.matcher(conf.get("spark.master", ""));
            if (local.matches()) {
                return local.group(1).equals("*") ? processors : Math.max(1, Integer.parseInt(local.group(1)));
            }
        }
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc/self/cmdline"));
            Matcher cores = CORES_ARG.matcher(new String(cmdline, StandardCharsets.ISO_8859_1));
            if (cores.find()) {
                return Math.max(1, Integer.parseInt(cores.group(1)));
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no such argument: fall through
        }
        return processors;
    }
}
