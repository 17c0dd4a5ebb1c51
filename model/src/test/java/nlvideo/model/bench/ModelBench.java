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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import nlvideo.model.HeadConfig;
import nlvideo.model.InferenceMode;
import nlvideo.model.ModelConfig;
import nlvideo.model.ModelInfo;
import nlvideo.model.ModelPresets;
import nlvideo.model.NlI3d;

/**
 * Forward throughput of NL-I3D R50 (8x8 and 32x2, 224x224 crops unless told, global-average head, random weights:
 * speed does not depend on them) against one large 3x3x3 conv3d, BN unfolded and folded
 * ({@link InferenceMode}). The machine is shared, so each model forward is measured right after
 * a conv3d run, and every figure is given as the spread of reps repetitions (min / median / max
 * wall seconds; rates from the medians, in wall time and in process CPU time over all native
 * threads); the ratio model/conv3d is what to compare between runs. bf16: see {@link #bf16Note}.
 * Run by scripts/bench/model.sh; args: [reps=10] [batch=1] [intra-op threads|all] [presets,
 * comma-separated] [crop size=224]; env UNFOLDED=0 skips the unfolded runs.
 */
public final class ModelBench {
    private ModelBench() {}

    /** Wall and CPU seconds of every repetition of one measurement: best, median, worst. */
    private static final class Spread {
        final List<Double> wall = new ArrayList<>();
        final List<Double> cpu = new ArrayList<>();

        void add(double[] t) {
            wall.add(t[0]);
            cpu.add(t[1]);
        }

        static double min(List<Double> v) {
            return Collections.min(v);
        }

        static double median(List<Double> v) {
            List<Double> s = new ArrayList<>(v);
            Collections.sort(s);
            int n = s.size();
            return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
        }

        static double max(List<Double> v) {
            return Collections.max(v);
        }

        String wallLine() {
            return String.format(Locale.ROOT, "min %.3f / median %.3f / max %.3f", min(wall), median(wall), max(wall));
        }
    }

    public static void main(String[] args) throws Exception {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        if (args.length > 2 && !args[2].equals("all")) {
            System.setProperty("ai.djl.pytorch.num_threads", args[2]); // read when the engine starts
        }
        String[] presets = args.length > 3 ? args[3].split(",") : new String[] {"i3d-nl5-r50-8x8", "i3d-nl5-r50-32x2"};
        int crop = args.length > 4 ? Integer.parseInt(args[4]) : 224;
        boolean unfolded = !"0".equals(System.getenv("UNFOLDED"));
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            System.out.printf(
                    Locale.ROOT,
                    "PyTorch intra-op threads %d, inter-op %d, grad mode %s, %d repetitions, batch %d, load average %s,"
                            + " MALLOC_ARENA_MAX=%s%n",
                    JniUtils.getNumThreads(),
                    JniUtils.getNumInteropThreads(),
                    JniUtils.isGradMode(),
                    reps,
                    batch,
                    load(),
                    System.getenv("MALLOC_ARENA_MAX"));
            double convFlop = 8.0 * 56 * 56 * 64 * 64 * 27;
            double bestRatio = 0;
            String bestLine = "";
            for (String preset : presets) {
                ModelConfig config =
                        ModelPresets.load(preset).withHead(new HeadConfig(HeadConfig.Type.GLOBAL_AVERAGE, 0.0, null));
                int frames = config.input().frames();
                double gflop = ModelInfo.of(config, frames, crop).gflops();
                Shape shape = new Shape(batch, 3, frames, crop, crop);
                try (Model model = NlI3d.newModel(config, Device.cpu())) {
                    NlI3d net = (NlI3d) model.getBlock();
                    net.namedParameters().values().forEach(p -> p.getArray().setRequiresGradient(false));
                    for (boolean fold : unfolded ? new boolean[] {false, true} : new boolean[] {true}) {
                        if (fold) {
                            InferenceMode.apply(net);
                        } else {
                            InferenceMode.undo(net);
                        }
                        Spread fwd = new Spread();
                        Spread conv = new Spread();
                        double[] first = forward(net, m, shape); // oneDNN primitives for these shapes
                        for (int i = 0; i < reps; i++) {
                            conv.add(conv3d(m));
                            fwd.add(forward(net, m, shape));
                        }
                        // rates from the medians: the typical forward, against the typical conv3d around it
                        double wallRate = batch * gflop / Spread.median(fwd.wall);
                        double cpuRate = batch * gflop / Spread.median(fwd.cpu);
                        double convWall = convFlop / Spread.median(conv.wall) / 1e9;
                        double convCpu = convFlop / Spread.median(conv.cpu) / 1e9;
                        System.out.printf(
                                Locale.ROOT,
                                "%s fp32 batch %d, BN %s: s/forward %s (first %.3f), median %.3f s per clip (CPU %.3f s),"
                                        + " %.1f GFLOP/s wall (conv3d %.1f, ratio %.2f); per CPU-second %.1f (conv3d %.1f,"
                                        + " ratio %.2f) [%.1f GFLOPs/clip, load %s]%n",
                                preset,
                                batch,
                                fold ? "folded" : "unfolded",
                                fwd.wallLine(),
                                first[0],
                                Spread.median(fwd.wall) / batch,
                                Spread.median(fwd.cpu) / batch,
                                wallRate,
                                convWall,
                                wallRate / convWall,
                                cpuRate,
                                convCpu,
                                cpuRate / convCpu,
                                gflop,
                                load());
                        if (fold && wallRate / convWall > bestRatio) {
                            bestRatio = wallRate / convWall;
                            bestLine = String.format(
                                    Locale.ROOT,
                                    "model: %.1f GFLOP/s, conv3d: %.1f GFLOP/s, ratio: %.2f (%s, BN folded, medians of %d)",
                                    wallRate,
                                    convWall,
                                    wallRate / convWall,
                                    preset,
                                    reps);
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
