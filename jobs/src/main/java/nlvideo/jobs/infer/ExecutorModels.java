package nlvideo.jobs.infer;

import ai.djl.Device;
import ai.djl.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import nlvideo.model.InferenceMode;
import nlvideo.model.NlI3d;
import nlvideo.model.SeededWeights;
import nlvideo.model.checkpoint.WeightConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of one executor JVM: each (spec, device) is built and loaded once, lazily, by the
 * first task that needs it, then shared by every task thread through its {@link InferenceThread},
 * which runs all of its forwards. Never reloaded per partition.
 */
public final class ExecutorModels {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);
    private static final Map<Key, Loaded> MODELS = new ConcurrentHashMap<>();

    private record Key(ModelSpec spec, String device) {}

    /**
     * A model ready for inference on this executor.
     *
     * @param inference the thread that runs its forwards
     * @param loadSeconds wall time to build the network, fill its weights and fold its batch norms
     * @param weightSeconds the part of {@code loadSeconds} spent importing (or seeding) the weights
     */
    public record Loaded(InferenceThread inference, double loadSeconds, double weightSeconds, AtomicBoolean reported) {

        /** True exactly once per load: for the task that should count the load in the job's timings. */
        public boolean firstReport() {
            return reported.compareAndSet(false, true);
        }
    }

    /** Networks the driver built and filled while checking {@code --weights}, for executors in its JVM. */
    private static final Map<ModelSpec, Model> OFFERED = new ConcurrentHashMap<>();

    private ExecutorModels() {}

    /**
     * Hands a network built and filled for {@code spec} on the CPU (the driver's check that the
     * weights load) to this JVM's executors, when they run here (Spark {@code local}): the first
     * load of {@code spec} on the CPU then takes it instead of building the network and reading the
     * weights file again (for a Caffe2 R50 pickle, seconds). Taken at most once; an earlier offer of
     * the same spec is closed, and so is this one when the spec is loaded here already.
     *
     * @param spec what the network was built for
     * @param model the network, its weights loaded, not yet folded; owned by this class from now on
     */
    public static void offer(ModelSpec spec, Model model) {
        if (MODELS.containsKey(new Key(spec, Device.cpu().toString()))) {
            model.close(); // loaded here before (an earlier job in this JVM): nothing to take it
            return;
        }
        Model earlier = OFFERED.put(spec, model);
        if (earlier != null && earlier != model) {
            earlier.close();
        }
    }

    /**
     * The loaded model for {@code spec} on the task's device; the first call on this executor builds
     * it and imports its weights (seconds for an R50).
     *
     * @throws UncheckedIOException when the weights file cannot be read
     */
    public static Loaded forTask(ModelSpec spec) {
        int threads = PyTorchThreads.executorCores();
        PyTorchThreads.configure(threads);
        Device device = TaskDevice.current();
        return MODELS.computeIfAbsent(new Key(spec, device.toString()), k -> load(spec, device, threads));
    }

    static Loaded load(ModelSpec spec, Device device, int threads) {
        long start = System.nanoTime();
        Model offered = device.isGpu() ? null : OFFERED.remove(spec);
        Model model = offered != null ? offered : NlI3d.newModel(spec.config(), device);
        NlI3d net = (NlI3d) model.getBlock();
        long weightsStart = System.nanoTime();
        try {
            if (offered != null) {
                LOG.info(
                        "{}: the network the driver checked the weights with, in this JVM",
                        spec.config().name());
            } else if (spec.randomWeights()) {
                SeededWeights.fill(net, spec.seed());
            } else {
                WeightConverter.loadAny(Path.of(spec.weights()), net);
            }
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException("cannot load weights " + spec.weights(), e);
        }
        double weightSeconds = (System.nanoTime() - weightsStart) / 1e9;
        InferenceMode.apply(net, spec.precision()); // no autograd graph; BN folded into convs; fp32 or bf16
        double seconds = (System.nanoTime() - start) / 1e9;
        String allocator = NativeAllocator.name();
        if (allocator.equals("glibc")) {
            LOG.warn("native allocator: glibc; forwards pay page faults after every video closed (JavaCV's"
                    + " malloc_trim): install libtcmalloc-minimal4 and keep conf/spark-defaults.conf's LD_PRELOAD");
        }
        LOG.info(
                "loaded {} ({}) on {} in {} ms; forwards on one thread with {} intra-op threads, {} allocator",
                spec.config().name(),
                spec.randomWeights() ? "seeded random weights, seed " + spec.seed() : spec.weights(),
                device,
                Math.round(seconds * 1000),
                threads,
                allocator);
        InferenceThread inference = new InferenceThread(model, spec.config().name() + "-" + device, threads);
        return new Loaded(inference, seconds, weightSeconds, new AtomicBoolean());
    }
}
