package nlvideo.jobs.infer;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one long-lived thread that runs every forward pass of one loaded model on an executor; task
 * threads hand it batches and wait for the scores.
 *
 * <p>Why one thread: PyTorch's CPU state lives per calling thread (its OpenMP team, the glibc
 * malloc arena its activation buffers come from, the autograd mode), so the first forwards on a
 * thread that never ran one cost seconds more than warm ones, and Spark runs each task on
 * whichever pool thread is free. One forward at a time, on all the executor's cores (the
 * intra-op pool, {@link PyTorchThreads}), also holds a single set of activation buffers. Decoding
 * stays on the task threads, so it overlaps the forwards.
 *
 * <p>The batch's input goes to PyTorch through this thread's one {@link DirectInput}, filled here
 * from the task's clips, so that no batch leaves a direct buffer behind for the garbage collector
 * (see there: a 250 MiB sawtooth in executor memory otherwise).
 */
public final class InferenceThread implements AutoCloseable {

    /**
     * What one forward gave.
     *
     * @param scores {@code batch x classes}, row-major: logits, or the fully convolutional head's
     *     mean per-position softmax
     * @param features {@code batch x featureWidth} pool5 features, or null when not asked for
     * @param seconds wall time of the forward on this thread, copies in and out included
     * @param cpuSeconds CPU time the inference thread and its OpenMP workers spent on it (0 where
     *     the kernel gives no per-thread figures): unlike the wall time, it does not grow when other
     *     processes take the cores
     * @param firstOfShape whether this was the first forward of its input shape on this model:
     *     oneDNN builds its kernels for a shape then, so it costs more than the warm ones
     */
    public record Output(float[] scores, float[] features, double seconds, double cpuSeconds, boolean firstOfShape) {}

    /** The thread's name starts so; its OpenMP workers inherit the first 15 characters. */
    private static final String THREAD_PREFIX = "nlvideo-infer";

    private final Model model;
    private final int threads;
    private final ExecutorService thread;
    private final Set<Shape> shapesSeen = new HashSet<>(); // touched on the inference thread only
    private final DirectInput input = new DirectInput(); // touched on the inference thread only

    InferenceThread(Model model, String name, int threads) {
        this.model = model;
        this.threads = threads;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, THREAD_PREFIX + "-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** The model whose forwards this thread runs. */
    public Model model() {
        return model;
    }

    /** Intra-op threads each forward uses. */
    public int threads() {
        return threads;
    }

    /**
     * Runs one batch through the network on the inference thread, and waits for it.
     *
     * @param clips the batch's {@code N} clips, each {@code shape.size() / N} floats ({@code 3 x T x H x
     *     W}, row-major, already normalised); read on the inference thread, so the caller must not
     *     change them until this returns
     * @param shape {@code (N, 3, T, H, W)}
     * @param features whether to return the pool5 features too
     * @throws IllegalArgumentException when the clips do not fill the shape
     * @throws IllegalStateException with the engine's error as cause when the forward fails
     * @throws InterruptedException when the calling task is interrupted while waiting
     */
    public Output forward(List<float[]> clips, Shape shape, boolean features) throws InterruptedException {
        long floats = 0;
        for (float[] c : clips) {
            floats += c.length;
        }
        if (floats != shape.size()) {
            throw new IllegalArgumentException(floats + " floats do not fill a batch of shape " + shape);
        }
        CompletableFuture<Output> done = CompletableFuture.supplyAsync(() -> run(clips, shape, features), thread);
        try {
            return done.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("forward of a " + shape + " batch failed: " + e.getCause(), e.getCause());
        }
    }

    private Output run(List<float[]> clips, Shape shape, boolean features) {
        PyTorchThreads.apply(threads);
        long cpuStart = ThreadCpu.nanos(THREAD_PREFIX);
        long start = System.nanoTime();
        boolean first = shapesSeen.add(shape);
        Block net = model.getBlock();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList y = net.forward(
                    new ParameterStore(manager, false), new NDList(input.create(manager, clips, shape)), false);
            float[] scores = y.get(0).toFloatArray();
            float[] pool5 = features ? y.get(1).toFloatArray() : null;
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Output(scores, pool5, seconds, (ThreadCpu.nanos(THREAD_PREFIX) - cpuStart) / 1e9, first);
        }
    }

    /** Stops the thread once the forward in flight (if any) is done. */
    @Override
    public void close() {
        thread.shutdown();
    }
}
