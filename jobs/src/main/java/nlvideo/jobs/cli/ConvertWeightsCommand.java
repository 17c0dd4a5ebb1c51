package nlvideo.jobs.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import nlvideo.model.ModelConfig;
import nlvideo.model.checkpoint.CheckpointImport;
import nlvideo.model.checkpoint.WeightConverter;
import nlvideo.model.checkpoint.WeightsFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nlvideo convert-weights}: a published checkpoint (Caffe2 pickle, PySlowFast or mmaction2
 * file) checked against a preset's network and saved in the project's named {@code .nlw} format,
 * so jobs load it quickly and a preset mismatch shows up here, once, with every name listed.
 */
@Command(
        name = "convert-weights",
        mixinStandardHelpOptions = true,
        description = {
            "Convert a published checkpoint (Caffe2 .pkl of the paper's code, PySlowFast .pyth, mmaction2 .pth)"
                    + " into the project's .nlw weights file for a preset. Every network parameter must be"
                    + " filled with a tensor of its shape; checkpoint entries that are not parameters"
                    + " (optimizer momenta, counters) are listed as ignored. A mismatch lists every"
                    + " missing, unexpected and mis-shaped name (exit code 1)."
        })
public final class ConvertWeightsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "PRESET|FILE",
            description = "Model preset name (conf/models/NAME.yaml) or a config YAML file.")
    String model;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "CHECKPOINT",
            description = "The published checkpoint file.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE.nlw", description = "The weights file to write.")
    Path output;

    @Option(names = "--overwrite", description = "Replace an existing output file.")
    boolean overwrite;

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        ModelConfig config = ModelArguments.config(cli, model);
        if (!Files.isRegularFile(input)) {
            throw new CommandLine.ParameterException(cli, "--input " + input + " is not a file");
        }
        if (!output.getFileName().toString().endsWith(WeightsFile.EXTENSION)) {
            throw new CommandLine.ParameterException(
                    cli,
                    "--output " + output + " must end in " + WeightsFile.EXTENSION
                            + " (that ending is how --weights tells the project's files from published checkpoints)");
        }
        ModelArguments.checkNewFile(cli, "--output", output, overwrite);
        PrintWriter out = cli.getOut();
        PrintWriter err = cli.getErr();
        try {
            CheckpointImport.Result r = WeightConverter.convert(input, config, output);
            out.printf(
                    "wrote %s: %d tensors for preset %s from a %s checkpoint%n",
                    output, r.weights().size(), config.name(), r.layout());
            out.printf(
                    "ignored %d checkpoint entr%s that are not network parameters%s%n",
                    r.ignored().size(),
                    r.ignored().size() == 1 ? "y" : "ies",
                    r.ignored().isEmpty() ? "" : ": " + String.join(", ", r.ignored()));
            out.flush();
            return 0;
        } catch (IOException e) {
            err.println("convert-weights failed: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
