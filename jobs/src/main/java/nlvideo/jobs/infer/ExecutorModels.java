package nlvideo.jobs.infer;

import ai.djl.Device;
import ai.djl.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import nlvideo.model.InferenceMode;
import nlvideo.model.NlI3d;
import nlvideo.model.SeededWeights;
import nlvideo.model.checkpoint.WeightConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of one executor JVM: each (spec, device) is built and loaded once, lazily, by the
 * first task that needs it, then shared by every task thread (DJL blocks are safe for concurrent
 * inference; each task makes its own Predictor). Never reloaded per partition.
 */
public final class ExecutorModels {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);
    private static final Map<Key, Model> MODELS = new ConcurrentHashMap<>();

    private record Key(ModelSpec spec, String device) {}

    private ExecutorModels() {}

    /** The loaded model for {@code spec} on the task's device; loads it on first use. */
    public static Model forTask(ModelSpec spec) {
        PyTorchThreads.configure(TaskDevice.taskCpus());
        Device device = TaskDevice.current();
        return MODELS.computeIfAbsent(new Key(spec, device.toString()), k -> load(spec, device));
    }

    static Model load(ModelSpec spec, Device device) {
        long start = System.nanoTime();
        Model model = NlI3d.newModel(spec.config(), device);
        NlI3d net = (NlI3d) model.getBlock();
        try {
            if (spec.randomWeights()) {
                SeededWeights.fill(net, spec.seed());
            } else {
                WeightConverter.loadAny(Path.of(spec.weights()), net);
            }
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException("cannot load weights " + spec.weights(), e);
        }
        InferenceMode.apply(net, spec.precision()); // no autograd graph; BN folded into convs; fp32 or bf16
        LOG.info(
                "loaded {} ({}) on {} in {} ms",
                spec.config().name(),
                spec.randomWeights() ? "seeded random weights, seed " + spec.seed() : spec.weights(),
                device,
                (System.nanoTime() - start) / 1_000_000);
        return model;
    }
}
