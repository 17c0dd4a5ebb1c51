package nlvideo.model.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import nlvideo.model.ChannelsLast;
import nlvideo.model.HeadConfig;
import nlvideo.model.InferenceMode;
import nlvideo.model.ModelConfig;
import nlvideo.model.ModelPresets;
import nlvideo.model.NlI3d;
import nlvideo.model.NonLocalBlock;

/**
 * Where one forward's time goes: the network's blocks run one by one (PyTorch CPU ops are
 * synchronous, so each block's wall time is its own), summed per stem / stage bottlenecks /
 * stage non-local blocks / head, best of reps. Run by scripts/bench/model-profile.sh;
 * args: [preset] [reps] [batch] [folded|unfolded].
 */
public final class LayerProfile {
    private LayerProfile() {}

    public static void main(String[] args) {
        String preset = args.length > 0 ? args[0] : "i3d-nl5-r50-32x2";
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        boolean fold = args.length <= 3 || args[3].equals("folded");
        ModelConfig config =
                ModelPresets.load(preset).withHead(new HeadConfig(HeadConfig.Type.GLOBAL_AVERAGE, 0.0, null));
        try (Model model = NlI3d.newModel(config, Device.cpu());
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            if (fold) {
                InferenceMode.apply(net);
            } else {
                net.namedParameters().values().forEach(p -> p.getArray().setRequiresGradient(false));
            }
            Map<String, Double> best = new LinkedHashMap<>();
            for (int i = 0; i < reps + 1; i++) {
                Map<String, Double> t =
                        once(net, config, m, new Shape(batch, 3, config.input().frames(), 224, 224));
                if (i > 0) {
                    t.forEach((k, v) -> best.merge(k, v, Math::min));
                }
            }
            double total =
                    best.values().stream().mapToDouble(Double::doubleValue).sum();
            System.out.printf(
                    Locale.ROOT,
                    "%s batch %d, %s BN, best of %d:%n",
                    preset,
                    batch,
                    fold ? "folded" : "unfolded",
                    reps);
            best.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-18s %7.3f s %5.1f%%%n", k, v, 100 * v / total));
            System.out.printf(Locale.ROOT, "  %-18s %7.3f s%n", "sum", total);
        }
    }

    private static Map<String, Double> once(NlI3d net, ModelConfig config, NDManager m, Shape shape) {
        Map<String, Double> t = new LinkedHashMap<>();
        try (NDManager it = m.newSubManager()) {
            ParameterStore ps = new ParameterStore(it, false);
            NDList x = new NDList(ChannelsLast.of(it.randomNormal(shape))); // as NlI3d.features
            for (Pair<String, Block> child : net.getChildren()) {
                String name = child.getKey().replaceFirst("^\\d+", "");
                if (name.startsWith("res")) {
                    for (Pair<String, Block> b : child.getValue().getChildren()) {
                        String kind = b.getValue() instanceof NonLocalBlock ? " non-local" : " bottlenecks";
                        long t0 = System.nanoTime();
                        x = b.getValue().forward(ps, x, false);
                        t.merge(name + kind, (System.nanoTime() - t0) / 1e9, Double::sum);
                    }
                    if (name.equals("res2")) {
                        long t0 = System.nanoTime();
                        NDArray p = Pool.maxPool3d(
                                x.head(),
                                shape(config.network().pool2().kernel()),
                                shape(config.network().pool2().stride()),
                                shape(config.network().pool2().padding()),
                                false);
                        x = new NDList(p);
                        t.put("pool2", (System.nanoTime() - t0) / 1e9);
                    }
                } else {
                    long t0 = System.nanoTime();
                    x = child.getValue().forward(ps, x, false);
                    t.put(name, (System.nanoTime() - t0) / 1e9);
                }
            }
            x.head().toFloatArray();
        }
        return t;
    }

    private static Shape shape(java.util.List<Integer> v) {
        return new Shape(v.get(0), v.get(1), v.get(2));
    }
}
