package nlvideo.jobs.cli;

import nlvideo.jobs.classify.ClassifyJob;
import nlvideo.pipeline.aggregate.VideoAggregator;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How the classification work is cut up and combined, and how it meets faults: the decode time
 * limit, and {@code --resume}.
 */
public final class RunOptions {

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            defaultValue = "4",
            description = "Views per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--clips-per-unit",
            paramLabel = "N",
            defaultValue = "0",
            description = "Clips of one video decoded together in one work unit (default: automatic:"
                    + " a video stays whole unless it alone exceeds one partition's share of the work).")
    int clipsPerUnit;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "0",
            description = "Inference partitions (default: 4 per executor core).")
    int partitions;

    @Option(
            names = "--aggregate",
            paramLabel = "METHOD",
            defaultValue = "mean-softmax",
            description =
                    "How clip scores make a video's: mean-softmax, max (of softmax), mean-logits (default: ${DEFAULT-VALUE}).")
    String aggregate;

    @Option(
            names = "--decode-timeout",
            paramLabel = "SECONDS",
            defaultValue = "600",
            description = "Longest that probing one video or decoding one work unit may take; a file"
                    + " that hangs the decoder longer ends as an error row of kind timeout, and the"
                    + " task goes on (default: ${DEFAULT-VALUE}; 0: no limit).")
    int decodeTimeout;

    @Option(
            names = "--resume",
            description = "Continue the job an earlier run of the same command started in --output (it was"
                    + " killed, or failed): videos it finished are kept, only the rest are classified, and the"
                    + " tables come out as an uninterrupted run's. Without an earlier run it simply starts.")
    boolean resume;

    /** Whether {@code --resume} was given. */
    public boolean resume() {
        return resume;
    }

    /**
     * The job's settings from the options.
     *
     * @throws CommandLine.ParameterException (exit code 2) naming a bad option
     */
    public ClassifyJob.Settings settings(CommandLine cli, boolean features) {
        if (decodeTimeout < 0) {
            throw new CommandLine.ParameterException(cli, "--decode-timeout must not be negative");
        }
        if (batchSize < 1) {
            throw new CommandLine.ParameterException(cli, "--batch-size must be at least 1");
        }
        if (clipsPerUnit < 0) {
            throw new CommandLine.ParameterException(cli, "--clips-per-unit must not be negative");
        }
        if (partitions < 0) {
            throw new CommandLine.ParameterException(cli, "--partitions must not be negative");
        }
        VideoAggregator.Method method;
        try {
            method = VideoAggregator.Method.parse(aggregate.replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--aggregate: " + e.getMessage());
        }
        return new ClassifyJob.Settings(batchSize, clipsPerUnit, method, features, partitions, decodeTimeout);
    }
}
