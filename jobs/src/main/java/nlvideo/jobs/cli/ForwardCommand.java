package nlvideo.jobs.cli;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import nlvideo.model.InferenceMode;
import nlvideo.model.ModelConfig;
import nlvideo.model.NlI3d;
import nlvideo.model.Precision;
import nlvideo.model.SeededWeights;
import nlvideo.model.checkpoint.WeightConverter;
import nlvideo.model.io.Npy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nlvideo forward}: the network on clips given as a numpy array, without Spark or video
 * decoding, to check a model against another implementation or to use it from Python.
 */
@Command(
        name = "forward",
        mixinStandardHelpOptions = true,
        description = {
            "Run the network on clips from a .npy file (float32, N x 3 x T x H x W, already normalised)"
                    + " and write the scores, and optionally the pool5 features, as float32 .npy files.",
            "Scores are logits before softmax, except for presets with the fully-convolutional test head"
                    + " (head type fully-convolutional): there they are that head's output, the mean of"
                    + " per-position softmax probabilities."
        })
public final class ForwardCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "PRESET|FILE",
            description = "Model preset name (conf/models/NAME.yaml) or a config YAML file.")
    String model;

    @Option(
            names = "--weights",
            paramLabel = "FILE",
            description = "Weights: the project's .nlw file, or a published checkpoint (Caffe2 .pkl,"
                    + " PySlowFast .pyth, mmaction2 .pth) read directly.")
    Path weights;

    @Option(
            names = "--random-weights",
            paramLabel = "SEED",
            description = "Use seeded random weights instead of --weights (untrained: for tests and timing).")
    Long randomSeed;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "CLIPS.npy",
            description = "float32 .npy of shape N x 3 x T x H x W, normalised as the model expects.")
    Path input;

    @Option(
            names = "--output",
            required = true,
            paramLabel = "SCORES.npy",
            description = "float32 .npy of shape N x K: logits (probabilities for the fully-convolutional head).")
    Path output;

    @Option(
            names = "--features",
            paramLabel = "POOL5.npy",
            description = "Also write the pool5 features (mean of res5 over T, H, W), N x C, as float32 .npy.")
    Path features;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            defaultValue = "2",
            description = "Clips per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--overwrite", description = "Replace existing output files.")
    boolean overwrite;

    @Mixin
    PrecisionOption precisionOption;

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        ModelConfig config = ModelArguments.config(cli, model);
        ModelArguments.checkWeights(cli, weights, randomSeed);
        if (batchSize < 1) {
            throw new CommandLine.ParameterException(cli, "--batch-size must be at least 1, got " + batchSize);
        }
        ModelArguments.checkNewFile(cli, "--output", output, overwrite);
        if (features != null) {
            ModelArguments.checkNewFile(cli, "--features", features, overwrite);
            if (features.toAbsolutePath()
                    .normalize()
                    .equals(output.toAbsolutePath().normalize())) {
                throw new CommandLine.ParameterException(cli, "--features and --output name the same file " + output);
            }
        }
        Precision precision = precisionOption.precision(cli);
        Npy.Array clips = readClips(cli);

        PrintWriter err = cli.getErr();
        long start = System.nanoTime();
        try (Model m = NlI3d.newModel(config, Device.cpu());
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NlI3d net = (NlI3d) m.getBlock();
            if (weights != null) {
                WeightConverter.loadAny(weights, net);
            } else {
                SeededWeights.fill(net, randomSeed);
            }
            InferenceMode.apply(net, precision);
            long[] s = clips.shape();
            int n = (int) s[0];
            int clipSize = (int) (clips.data().length / Math.max(1, n));
            float[] scores = null;
            float[] pool5 = null;
            long classes = 0;
            long width = 0;
            for (int from = 0; from < n; from += batchSize) {
                int b = Math.min(batchSize, n - from);
                try (NDManager it = manager.newSubManager()) {
                    FloatBuffer slice = FloatBuffer.wrap(clips.data(), from * clipSize, b * clipSize);
                    NDList out = net.forward(
                            new ParameterStore(it, false),
                            new NDList(it.create(slice, new Shape(b, s[1], s[2], s[3], s[4]))),
                            false);
                    classes = out.get(0).getShape().get(1);
                    width = out.get(1).getShape().get(1);
                    if (scores == null) {
                        scores = new float[Math.toIntExact(n * classes)];
                        pool5 = new float[Math.toIntExact(n * width)];
                    }
                    System.arraycopy(out.get(0).toFloatArray(), 0, scores, (int) (from * classes), (int) (b * classes));
                    System.arraycopy(out.get(1).toFloatArray(), 0, pool5, (int) (from * width), (int) (b * width));
                }
            }
            if (scores == null) { // N = 0: empty outputs of the right width
                Shape[] shapes = net.getOutputShapes(new Shape[] {new Shape(1, s[1], s[2], s[3], s[4])});
                classes = shapes[0].get(1);
                width = shapes[1].get(1);
                scores = new float[0];
                pool5 = new float[0];
            }
            Npy.write(output, new long[] {n, classes}, scores);
            if (features != null) {
                Npy.write(features, new long[] {n, width}, pool5);
            }
            err.printf(
                    Locale.ROOT,
                    "forward: %d clip(s) %s through %s (%s, %s) in %.2f s: %s -> %s%s%n",
                    n,
                    Arrays.toString(Arrays.copyOfRange(s, 1, 5)),
                    config.name(),
                    precision.label(),
                    weights != null ? weights : "seeded random weights, seed " + randomSeed,
                    (System.nanoTime() - start) / 1e9,
                    net.outputsProbabilities() ? "probabilities" : "logits",
                    output,
                    features != null ? ", pool5 -> " + features : "");
            err.flush();
            return 0;
        } catch (IOException | EngineException | IllegalArgumentException e) {
            err.println("forward failed: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private Npy.Array readClips(CommandLine cli) {
        if (!Files.isRegularFile(input)) {
            throw new CommandLine.ParameterException(cli, "--input " + input + " is not a file");
        }
        Npy.Array clips;
        try {
            clips = Npy.read(input);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(cli, "--input " + input + ": " + e.getMessage());
        }
        long[] s = clips.shape();
        if (s.length != 5 || s[1] != 3) {
            throw new CommandLine.ParameterException(
                    cli, "--input " + input + " has shape " + clips.shapeString() + "; expected N x 3 x T x H x W");
        }
        return clips;
    }
}
