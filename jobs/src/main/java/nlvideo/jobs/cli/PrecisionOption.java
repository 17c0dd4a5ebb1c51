package nlvideo.jobs.cli;

import nlvideo.model.Precision;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --precision fp32|bf16}: the arithmetic of the network's forwards ({@link Precision}). */
public final class PrecisionOption {

    @Option(
            names = "--precision",
            paramLabel = "fp32|bf16",
            defaultValue = "fp32",
            description = "Arithmetic of inference: fp32, or bf16 (PyTorch's bfloat16 autocast: faster on CPUs with"
                    + " AVX512_BF16 or AMX and on GPUs; scores move slightly, see the README's Precision section)"
                    + " (default: ${DEFAULT-VALUE}).")
    String precision;

    /** The chosen precision; an unknown name is a usage error naming the option. */
    public Precision precision(CommandLine cli) {
        try {
            return Precision.parse(precision);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--precision " + precision + ": " + e.getMessage());
        }
    }
}
