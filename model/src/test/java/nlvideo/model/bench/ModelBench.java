package nlvideo.model.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import nlvideo.model.InferenceMode;
import nlvideo.model.ModelConfig;
import nlvideo.model.ModelInfo;
import nlvideo.model.ModelPresets;
import nlvideo.model.NlI3d;

/**
 * Forward throughput of NL-I3D R50 (8x8 and 32x2 at 224, global-average head, random weights:
 * speed does not depend on them) against one large 3x3x3 conv3d, BN unfolded and folded
 * ({@link InferenceMode}). The machine is shared, so each model forward is measured right after
 * a conv3d run and every figure is the best of reps, in wall time and in process CPU time (all
 * native threads); the ratio model/conv3d is what to compare between runs. bf16: see
 * {@link #bf16Note}. Run by scripts/bench/model.sh; args: [reps] [batch].
 */
public final class ModelBench {
    private ModelBench() {}

    /** Best wall and CPU seconds of a repeated measurement. */
    private static final class Best {
        double wall = Double.MAX_VALUE;
        double cpu = Double.MAX_VALUE;

        void add(double[] t) {
            wall = Math.min(wall, t[0]);
            cpu = Math.min(cpu, t[1]);
        }
    }

    public static void main(String[] args) throws Exception {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            System.out.printf(
                    Locale.ROOT,
                    "PyTorch intra-op threads %d, inter-op %d, grad mode %s, load average %s%n",
                    JniUtils.getNumThreads(),
                    JniUtils.getNumInteropThreads(),
                    JniUtils.isGradMode(),
                    load());
            double convFlop = 8.0 * 56 * 56 * 64 * 64 * 27;
            Best conv = new Best();
            double bestRatio = 0;
            String bestLine = "";
            for (String preset : new String[] {"i3d-nl5-r50-8x8", "i3d-nl5-r50-32x2"}) {
                ModelConfig config = ModelPresets.load(preset)
                        .withHead(new ModelConfig.Head(ModelConfig.HeadType.GLOBAL_AVERAGE, 0.0, null));
                int frames = config.input().frames();
                double gflop = ModelInfo.of(config, frames, 224).gflops();
                Shape shape = new Shape(batch, 3, frames, 224, 224);
                try (Model model = NlI3d.newModel(config, Device.cpu())) {
                    NlI3d net = (NlI3d) model.getBlock();
                    net.namedParameters().values().forEach(p -> p.getArray().setRequiresGradient(false));
                    for (boolean fold : new boolean[] {false, true}) {
                        if (fold) {
                            InferenceMode.apply(net);
                        } else {
                            InferenceMode.undo(net);
                        }
                        Best fwd = new Best();
                        Best adjacentConv = new Best();
                        forward(net, m, shape); // warm-up: oneDNN primitives for these shapes
                        for (int i = 0; i < reps; i++) {
                            double[] c = conv3d(m);
                            adjacentConv.add(c);
                            conv.add(c);
                            fwd.add(forward(net, m, shape));
                        }
                        double wallRate = batch * gflop / fwd.wall;
                        double cpuRate = batch * gflop / fwd.cpu;
                        double convWall = convFlop / adjacentConv.wall / 1e9;
                        double convCpu = convFlop / adjacentConv.cpu / 1e9;
                        String line = String.format(
                                Locale.ROOT,
                                "%s fp32 batch %d, BN %s: %.3f s/forward, %.2f clips/s, %.1f GFLOP/s wall (conv3d %.1f, ratio %.2f);"
                                        + " per CPU-second %.1f (conv3d %.1f, ratio %.2f) [%.1f GFLOPs/clip, load %s]",
                                preset,
                                batch,
                                fold ? "folded" : "unfolded",
                                fwd.wall,
                                batch / fwd.wall,
                                wallRate,
                                convWall,
                                wallRate / convWall,
                                cpuRate,
                                convCpu,
                                cpuRate / convCpu,
                                gflop,
                                load());
                        System.out.println(line);
                        if (fold && wallRate / convWall > bestRatio) {
                            bestRatio = wallRate / convWall;
                            bestLine = String.format(
                                    Locale.ROOT,
                                    "model: %.1f GFLOP/s, conv3d: %.1f GFLOP/s, ratio: %.2f (%s, BN folded)",
                                    wallRate,
                                    convWall,
                                    wallRate / convWall,
                                    preset);
                        }
                    }
                }
            }
            bf16Note();
            System.out.println(bestLine);
        }
    }

    /** One 3x3x3 conv3d, 64 -> 64 channels on 8x56x56: a kernel that reaches the machine's rate. */
    private static double[] conv3d(NDManager m) {
        try (NDManager it = m.newSubManager()) {
            NDArray x = it.randomNormal(new Shape(1, 64, 8, 56, 56));
            NDArray w = it.randomNormal(new Shape(64, 64, 3, 3, 3));
            Shape one = new Shape(1, 1, 1);
            long[] t0 = now();
            NDArray y = x.getNDArrayInternal()
                    .convolution(x, w, null, one, one, one, 1)
                    .head();
            y.toFloatArray(); // force completion
            return since(t0);
        }
    }

    /** Wall and CPU seconds of one forward. */
    private static double[] forward(NlI3d net, NDManager m, Shape shape) {
        try (NDManager it = m.newSubManager()) {
            NDArray clip = it.randomNormal(shape);
            long[] t0 = now();
            NDList out = net.forward(new ParameterStore(it, false), new NDList(clip), false);
            out.head().toFloatArray(); // force completion
            return since(t0);
        }
    }

    private static long[] now() {
        return new long[] {System.nanoTime(), processCpuNanos()};
    }

    private static double[] since(long[] t0) {
        return new double[] {(System.nanoTime() - t0[0]) / 1e9, (processCpuNanos() - t0[1]) / 1e9};
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "n/a";
        }
    }

    /** bf16 is measured by scripts/bench/precision.sh (PrecisionBench), fp32 against bf16 in one run. */
    private static void bf16Note() {
        System.out.println("bf16: see scripts/bench/precision.sh (--precision bf16: PyTorch's bfloat16 autocast)");
    }
}
