package nlvideo.jobs.cli;

import nlvideo.jobs.classify.ClassifyJob;
import nlvideo.model.ModelConfig;
import nlvideo.pipeline.aggregate.VideoAggregator;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How the classification work is cut up and how views combine, and how it meets faults (the decode
 * time limit, {@code --resume}): the options every classification command shares.
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

    @Mixin
    DecodeTimeoutOption decodeTimeout;

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
     * The job settings these options give for {@code model}.
     *
     * @param features whether the job computes pool5 features
     * @throws CommandLine.ParameterException (exit 2) naming a bad option, or for {@code
     *     --aggregate mean-logits} on a network whose head outputs probabilities
     */
    public ClassifyJob.Settings settings(CommandLine cli, boolean features, ModelConfig model) {
        int decodeTimeoutSeconds = decodeTimeout.seconds(cli);
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
            method = VideoAggregator.Method.parse(aggregate);
            new VideoAggregator(method, model.outputsProbabilities()); // refuses mean-logits on probabilities
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--aggregate " + aggregate + ": " + e.getMessage());
        }
        return new ClassifyJob.Settings(batchSize, clipsPerUnit, method, features, partitions, decodeTimeoutSeconds);
    }
}
