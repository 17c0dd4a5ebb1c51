package nlvideo.jobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import nlvideo.model.ModelConfig;
import nlvideo.model.ModelPresets;
import picocli.CommandLine;

/** Checks shared by the model commands (forward, model-info, convert-weights): usage errors, exit 2. */
final class ModelArguments {

    private ModelArguments() {}

    /** The preset or config file named by {@code --model}. */
    static ModelConfig config(CommandLine cli, String model) {
        try {
            return ModelPresets.load(model);
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(cli, "--model " + model + ": " + e.getMessage());
        }
    }

    /** Exactly one of {@code --weights FILE} (an existing file) and {@code --random-weights SEED}. */
    static void checkWeights(CommandLine cli, Path weights, Long randomSeed) {
        if (weights == null && randomSeed == null) {
            throw new CommandLine.ParameterException(
                    cli, "--weights FILE is required" + " (or --random-weights SEED for an untrained network)");
        }
        if (weights != null && randomSeed != null) {
            throw new CommandLine.ParameterException(cli, "--weights and --random-weights exclude each other");
        }
        if (weights != null && !Files.isRegularFile(weights)) {
            throw new CommandLine.ParameterException(cli, "--weights " + weights + " is not a file");
        }
    }

    /** A file about to be written: its folder exists, and it does not unless overwriting is allowed. */
    static void checkNewFile(CommandLine cli, String option, Path file, boolean overwrite) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new CommandLine.ParameterException(
                    cli, option + " " + file + ": folder " + parent + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new CommandLine.ParameterException(cli, option + " " + file + " is a folder");
        }
        if (Files.exists(file) && !overwrite) {
            throw new CommandLine.ParameterException(
                    cli, option + " " + file + " exists (use --overwrite to replace it)");
        }
    }
}
