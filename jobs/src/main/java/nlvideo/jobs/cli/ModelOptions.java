package nlvideo.jobs.cli;

import ai.djl.Device;
import ai.djl.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nlvideo.jobs.infer.ExecutorModels;
import nlvideo.jobs.infer.ModelSpec;
import nlvideo.model.ModelConfig;
import nlvideo.model.ModelPresets;
import nlvideo.model.NlI3d;
import nlvideo.model.checkpoint.WeightConverter;
import nlvideo.pipeline.dataset.LabelList;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which network, with which weights and arithmetic, naming its classes how. */
public final class ModelOptions {

    @Option(
            names = "--model",
            paramLabel = "PRESET|FILE",
            defaultValue = "tiny-nl-i3d",
            description =
                    "Model preset name (conf/models/NAME.yaml) or a config YAML file (default: ${DEFAULT-VALUE}).")
    public String model;

    @Option(
            names = "--weights",
            paramLabel = "FILE",
            description = "Weights: the project's .nlw file, or a published checkpoint (Caffe2 .pkl,"
                    + " PySlowFast .pyth, mmaction2 .pth) read directly. Without it the network gets"
                    + " seeded random weights, and the outputs say so.")
    public Path weights;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "0",
            description = "Seed of the random weights when no --weights is given (default: ${DEFAULT-VALUE}).")
    public long seed;

    @Option(
            names = "--labels",
            paramLabel = "NAME|FILE",
            description = "Class names: kinetics400, charades, or a file with one name per line"
                    + " (default: kinetics400 for 400 classes, charades for 157, else class_0...).")
    public String labels;

    @Mixin
    public PrecisionOption precision;

    /**
     * The model's config.
     *
     * @throws CommandLine.ParameterException (exit 2) for an unknown preset or an invalid config file
     */
    public ModelConfig config(CommandLine cli) {
        return config(cli, model);
    }

    /**
     * The config of a preset name or YAML file given as {@code --model}.
     *
     * @throws CommandLine.ParameterException naming the option (an unknown preset's message lists the presets)
     */
    static ModelConfig config(CommandLine cli, String model) {
        try {
            return ModelPresets.load(model);
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(cli, "--model " + model + ": " + e.getMessage());
        }
    }

    /**
     * What every executor needs to build the same model: the config, the weights file or the seed.
     * The weights file is read once here, into the network on the CPU, so that a file that is no
     * checkpoint, is cut short, or belongs to another network is a usage error before the job
     * starts (executors would fail every task on it).
     *
     * @param executorsHere whether the job's executors run in this JVM (Spark {@code local}): the
     *     checked network then goes to them ({@link ExecutorModels#offer}) instead of being built
     *     and filled again
     * @throws CommandLine.ParameterException (exit code 2) naming {@code --weights}
     */
    public ModelSpec spec(CommandLine cli, ModelConfig config, boolean executorsHere) {
        ModelSpec spec = uncheckedSpec(cli, config);
        checkWeights(cli, config, spec, executorsHere);
        return spec;
    }

    /**
     * The spec of {@link #spec} without reading the weights file: only that {@code --weights} is
     * a file is checked. {@link #checkWeights} reads it, and may run while Spark starts.
     *
     * @throws CommandLine.ParameterException (exit code 2) naming {@code --weights}
     */
    ModelSpec uncheckedSpec(CommandLine cli, ModelConfig config) {
        if (weights != null && !Files.isRegularFile(weights)) {
            throw new CommandLine.ParameterException(cli, "--weights " + weights + " is not a file");
        }
        return ModelSpec.of(
                config, weights == null ? null : weights.toAbsolutePath().toString(), seed, precision.precision(cli));
    }

    /**
     * Reads {@code --weights} into the network of {@code config} on the CPU (nothing without
     * weights); safe on any thread.
     *
     * @param executorsHere as for {@link #spec}
     * @throws CommandLine.ParameterException (exit code 2) naming {@code --weights} when the file
     *     is no checkpoint, is cut short, or belongs to another network
     */
    void checkWeights(CommandLine cli, ModelConfig config, ModelSpec spec, boolean executorsHere) {
        if (weights == null) {
            return;
        }
        Model model = NlI3d.newModel(config, Device.cpu());
        try {
            WeightConverter.loadAny(weights, (NlI3d) model.getBlock());
        } catch (java.io.IOException | RuntimeException e) {
            model.close();
            throw new CommandLine.ParameterException(
                    cli,
                    "--weights " + weights + " cannot be loaded into model " + config.name() + ": " + e.getMessage());
        }
        if (executorsHere) {
            ExecutorModels.offer(spec, model);
        } else {
            model.close();
        }
    }

    /**
     * The class names, one per network output.
     *
     * @throws CommandLine.ParameterException (exit 2) for a list that cannot be read or has another length
     */
    public LabelList labelList(CommandLine cli, ModelConfig config) {
        int classes = config.numClasses();
        String name = labels != null ? labels : classes == 400 ? "kinetics400" : classes == 157 ? "charades" : null;
        LabelList list;
        if (name == null) {
            List<String> generic = new ArrayList<>();
            for (int i = 0; i < classes; i++) {
                generic.add("class_" + i);
            }
            list = LabelList.of(generic);
        } else {
            try {
                list = LabelList.load(name);
            } catch (RuntimeException e) {
                throw new CommandLine.ParameterException(cli, "--labels " + name + ": " + e.getMessage());
            }
        }
        if (list.size() != classes) {
            throw new CommandLine.ParameterException(
                    cli,
                    "--labels " + name + " has " + list.size() + " classes but model " + config.name() + " has "
                            + classes);
        }
        return list;
    }

    /**
     * The weights as a resumed job must find them again: the file's absolute path, size and
     * modification time, or the seed of the random weights.
     */
    public String weightsFingerprint() {
        if (weights == null) {
            return "random seed " + seed;
        }
        Path file = weights.toAbsolutePath().normalize();
        try {
            return file + " (" + Files.size(file) + " bytes, modified " + Files.getLastModifiedTime(file) + ")";
        } catch (java.io.IOException e) {
            return file.toString();
        }
    }

    /** How the weights are described in outputs and summaries. */
    public String weightsDescription() {
        return weights == null
                ? "seeded random initialisation (seed " + seed + "): untrained, predictions are meaningless"
                : weights.toString();
    }
}
