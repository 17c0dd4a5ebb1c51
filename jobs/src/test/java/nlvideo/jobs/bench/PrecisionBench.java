package nlvideo.jobs.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nlvideo.jobs.cli.ModelOptions;
import nlvideo.jobs.cli.ProtocolOptions;
import nlvideo.model.InferenceMode;
import nlvideo.model.ModelConfig;
import nlvideo.model.NlI3d;
import nlvideo.model.Precision;
import nlvideo.model.SeededWeights;
import nlvideo.model.checkpoint.WeightConverter;
import nlvideo.pipeline.clip.ClipProtocol;
import nlvideo.pipeline.clip.ClipWindow;
import nlvideo.pipeline.dataset.DirectoryReader;
import nlvideo.pipeline.dataset.VideoRef;
import nlvideo.pipeline.transform.ClipTensor;
import nlvideo.pipeline.transform.ClipTransform;
import nlvideo.pipeline.transform.Crop;
import nlvideo.pipeline.video.DecodedFrames;
import nlvideo.pipeline.video.VideoDecoder;
import nlvideo.pipeline.video.VideoException;
import nlvideo.pipeline.video.VideoInfo;
import nlvideo.pipeline.video.VideoProbe;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * bf16 against fp32 inference ({@link Precision}) on one loaded model in one JVM: the forward time
 * of one batch of clips, the two precisions alternating rep by rep so that the machine's load hits
 * both alike (min, median and max of {@code --reps}); then the largest score deviation on real
 * videos, each decoded as classify does (the protocol options), every view run in both precisions.
 *
 * <p>Takes classify's model and protocol options, {@code --videos DIR}, {@code --reps N} and
 * {@code --batch-size N}. Last line: {@code bf16: A s, fp32: B s per forward (medians), speed-up:
 * B/A; largest score deviation D over N videos, same top-1 on M, pool5 relative deviation up to R}.
 */
@Command(name = "precision-bench", mixinStandardHelpOptions = true)
public final class PrecisionBench implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    ProtocolOptions protocolOptions;

    @Option(names = "--videos", description = "Videos to measure the score deviation on (any depth).")
    Path videos;

    @Option(names = "--reps", defaultValue = "7", description = "Timed forwards per precision.")
    int reps;

    @Option(names = "--batch-size", defaultValue = "1", description = "Clips per timed forward.")
    int batch;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PrecisionBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        CommandLine cli = spec.commandLine();
        ModelConfig config = model.config(cli);
        ClipProtocol protocol = protocolOptions.protocol(cli, config);
        try (Model m = NlI3d.newModel(config, Device.cpu());
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NlI3d net = (NlI3d) m.getBlock();
            if (model.weights != null) {
                WeightConverter.loadAny(model.weights, net);
            } else {
                SeededWeights.fill(net, model.seed);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%s (%s), PyTorch intra-op threads %d, batch %d, %d x %d x %d clips%n",
                    config.name(),
                    model.weightsDescription(),
                    JniUtils.getNumThreads(),
                    batch,
                    config.input().frames(),
                    protocol.cropSize(),
                    protocol.cropSize());
            double[][] seconds = timeForwards(net, manager, config, protocol.cropSize());
            double fp32 = median(seconds[0]);
            double bf16 = median(seconds[1]);
            for (Precision p : Precision.values()) {
                double[] s = seconds[p.ordinal()].clone();
                Arrays.sort(s);
                System.out.printf(
                        Locale.ROOT,
                        "%s: min %.3f, median %.3f, max %.3f s per forward (%d reps)%n",
                        p.label(),
                        s[0],
                        median(s),
                        s[s.length - 1],
                        s.length);
            }
            String deviation = videos == null ? "no --videos" : deviation(net, manager, protocol);
            System.out.printf(
                    Locale.ROOT,
                    "bf16: %.3f s, fp32: %.3f s per forward (medians), speed-up: %.2f; %s%n",
                    bf16,
                    fp32,
                    fp32 / bf16,
                    deviation);
        }
        return 0;
    }

    /** Seconds per forward, [precision][rep], the precisions alternating; one untimed warm-up each. */
    private double[][] timeForwards(NlI3d net, NDManager manager, ModelConfig config, int size) {
        Shape shape = new Shape(batch, 3, config.input().frames(), size, size);
        double[][] seconds = new double[2][reps];
        try (NDManager scope = manager.newSubManager()) {
            NDArray clip = scope.randomNormal(shape);
            for (int rep = -1; rep < reps; rep++) {
                for (Precision p : Precision.values()) {
                    InferenceMode.apply(net, p);
                    long start = System.nanoTime();
                    forward(net, scope, clip);
                    if (rep >= 0) {
                        seconds[p.ordinal()][rep] = (System.nanoTime() - start) / 1e9;
                    }
                }
            }
        }
        return seconds;
    }

    /** The per-video table and a summary of the deviations bf16 makes in scores and in pool5. */
    private String deviation(NlI3d net, NDManager manager, ClipProtocol protocol) {
        VideoDecoder decoder = new VideoDecoder(protocol.shortSide(), 1);
        ClipTransform transform = new ClipTransform(protocol.normalization());
        double worst = 0;
        double worstPool5 = 0;
        int measured = 0;
        int sameTop1 = 0;
        for (VideoRef ref : DirectoryReader.read(videos)) {
            Path path = Path.of(ref.path());
            float[][][] outputs = new float[2][][]; // [precision][scores, pool5]
            try {
                VideoInfo info = VideoProbe.probe(path);
                List<ClipWindow> windows = protocol.windows(info);
                DecodedFrames frames = decoder.decode(path, info, windows);
                List<ClipTensor> views = new ArrayList<>();
                for (ClipWindow w : windows) {
                    for (Crop c : protocol.cropList()) {
                        views.add(transform.apply(frames, w, c));
                    }
                }
                for (Precision p : Precision.values()) {
                    InferenceMode.apply(net, p);
                    outputs[p.ordinal()] = meanOutputs(net, manager, views);
                }
            } catch (VideoException | IllegalArgumentException e) {
                continue; // not a usable video: nothing to compare
            }
            float[] fp32 = outputs[0][0];
            float[] bf16 = outputs[1][0];
            double d = 0;
            for (int i = 0; i < fp32.length; i++) {
                d = Math.max(d, Math.abs(fp32[i] - bf16[i]));
            }
            double pool5 = relativeDistance(outputs[0][1], outputs[1][1]);
            boolean same = argmax(fp32) == argmax(bf16);
            System.out.printf(
                    Locale.ROOT,
                    "  %-24s fp32 top-1 %4d (%.4f), bf16 top-1 %4d (%.4f), max |dscore| %.2e, pool5 |d|/|f| %.4f%n",
                    path.getFileName(),
                    argmax(fp32),
                    fp32[argmax(fp32)],
                    argmax(bf16),
                    bf16[argmax(bf16)],
                    d,
                    pool5);
            worst = Math.max(worst, d);
            worstPool5 = Math.max(worstPool5, pool5);
            measured++;
            sameTop1 += same ? 1 : 0;
        }
        return String.format(
                Locale.ROOT,
                "largest score deviation %.2e over %d videos, same top-1 on %d, pool5 relative deviation up to %.4f",
                worst,
                measured,
                sameTop1,
                worstPool5);
    }

    /** The mean over the views of the scores (probabilities or logits) and of pool5. */
    private static float[][] meanOutputs(NlI3d net, NDManager manager, List<ClipTensor> views) {
        float[][] sum = new float[2][];
        for (ClipTensor t : views) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray x =
                        scope.create(FloatBuffer.wrap(t.data()), new Shape(1, 3, t.frames(), t.height(), t.width()));
                NDList out = forward(net, scope, x);
                for (int k = 0; k < 2; k++) {
                    float[] v = out.get(k).toFloatArray();
                    if (sum[k] == null) {
                        sum[k] = new float[v.length];
                    }
                    for (int i = 0; i < v.length; i++) {
                        sum[k][i] += v[i] / views.size();
                    }
                }
            }
        }
        return sum;
    }

    /** |a - b| / |a| in the Euclidean norm. */
    private static double relativeDistance(float[] a, float[] b) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (double) (a[i] - b[i]);
            norm += a[i] * (double) a[i];
        }
        return Math.sqrt(diff / norm);
    }

    private static NDList forward(NlI3d net, NDManager scope, NDArray x) {
        NDList out = net.forward(new ParameterStore(scope, false), new NDList(x), false);
        out.head().toFloatArray(); // wait for the result, as a caller reading scores does
        return out;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
