package nlvideo.jobs.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import nlvideo.model.ModelConfig;
import nlvideo.model.ModelInfo;
import nlvideo.model.ModelPresets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nlvideo model-info}: size and cost of a preset, from its config alone (no weights, no
 * native code), as Markdown so that it pastes into notes and READMEs.
 */
@Command(
        name = "model-info",
        mixinStandardHelpOptions = true,
        description = {
            "Print a model's parameters, FLOPs per clip (multiply-adds, as the paper counts them) and the"
                    + " per-stage table as Markdown; --list lists every preset with its parameters and GFLOPs."
        })
public final class ModelInfoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "PRESET|FILE", description = "Model preset name or config YAML file.")
    String model;

    @Option(names = "--frames", paramLabel = "T", description = "Clip length (default: the preset's).")
    Integer frames;

    @Option(names = "--size", paramLabel = "S", description = "Square input size (default: the preset's crop).")
    Integer size;

    @Option(names = "--list", description = "List every preset with parameters and GFLOPs at its own input size.")
    boolean list;

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        PrintWriter out = cli.getOut();
        if (list) {
            if (model != null || frames != null || size != null) {
                throw new CommandLine.ParameterException(cli, "--list takes no --model, --frames or --size");
            }
            out.print(presetTable());
            out.flush();
            return 0;
        }
        if (model == null) {
            throw new CommandLine.ParameterException(cli, "--model PRESET is required (or --list)");
        }
        ModelConfig config = ModelArguments.config(cli, model);
        int t = frames != null ? frames : config.input().frames();
        int s = size != null ? size : config.input().crop();
        if (t < 1 || s < 1) {
            throw new CommandLine.ParameterException(
                    cli, "--frames and --size must be positive, got " + t + " and " + s);
        }
        ModelInfo info = ModelInfo.of(config, t, s);
        for (ModelInfo.Row r : info.rows()) {
            for (long d : r.shape()) {
                if (d < 1) {
                    throw new CommandLine.ParameterException(
                            cli,
                            "input 3x" + t + "x" + s + "x" + s + " is too small for " + config.name() + ": " + r.layer()
                                    + " would be empty (raise --frames or --size)");
                }
            }
        }
        out.print(markdown(info));
        out.flush();
        return 0;
    }

    static String markdown(ModelInfo info) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT, "## %s, input 3x%dx%dx%d%n%n", info.model(), info.frames(), info.size(), info.size()));
        sb.append(
                String.format(Locale.ROOT, "- parameters: %,d (%.2f M)%n", info.parameters(), info.parameters() / 1e6));
        sb.append(String.format(
                Locale.ROOT, "- FLOPs per clip (multiply-adds): %,d (%.2f GFLOPs)%n%n", info.flops(), info.gflops()));
        sb.append("| layer | output (C,T,H,W) | params | GFLOPs |\n");
        sb.append("|---|---|---:|---:|\n");
        for (ModelInfo.Row r : info.rows()) {
            StringBuilder shape = new StringBuilder();
            for (long d : r.shape()) {
                shape.append(shape.length() == 0 ? "" : "x").append(d);
            }
            sb.append(String.format(
                    Locale.ROOT, "| %s | %s | %,d | %.3f |%n", r.layer(), shape, r.parameters(), r.flops() / 1e9));
        }
        sb.append(String.format(Locale.ROOT, "| total | | %,d | %.3f |%n", info.parameters(), info.gflops()));
        return sb.toString();
    }

    static String presetTable() {
        StringBuilder sb =
                new StringBuilder("| preset | source | input | params (M) | GFLOPs |\n|---|---|---|---:|---:|\n");
        for (String name : ModelPresets.names()) {
            try {
                ModelConfig c = ModelPresets.load(name);
                ModelInfo info = ModelInfo.of(c);
                sb.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | 3x%dx%dx%d | %.2f | %.2f |%n",
                        name,
                        c.source(),
                        info.frames(),
                        info.size(),
                        info.size(),
                        info.parameters() / 1e6,
                        info.gflops()));
            } catch (RuntimeException e) {
                sb.append("| ")
                        .append(name)
                        .append(" | invalid: ")
                        .append(e.getMessage().replace('|', '/'))
                        .append(" | | | |\n");
            }
        }
        return sb.toString();
    }
}
