package nlvideo.jobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nlvideo.jobs.infer.ModelSpec;
import nlvideo.model.ModelConfig;
import nlvideo.model.ModelPresets;
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

    /** The model's config; a bad name is a usage error. */
    public ModelConfig config(CommandLine cli) {
        try {
            return ModelPresets.load(model);
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(
                    cli,
                    "--model " + model + ": " + e.getMessage() + " (presets: " + String.join(", ", ModelPresets.names())
                            + ")");
        }
    }

    public ModelSpec spec(CommandLine cli, ModelConfig config) {
        if (weights != null && !Files.isRegularFile(weights)) {
            throw new CommandLine.ParameterException(cli, "--weights " + weights + " is not a file");
        }
        return ModelSpec.of(
                config, weights == null ? null : weights.toAbsolutePath().toString(), seed, precision.precision(cli));
    }

    /** The class names, one per network output; a list of another length is a usage error. */
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

    /** How the weights are described in outputs and summaries. */
    public String weightsDescription() {
        return weights == null
                ? "seeded random initialisation (seed " + seed + "): untrained, predictions are meaningless"
                : weights.toString();
    }
}
