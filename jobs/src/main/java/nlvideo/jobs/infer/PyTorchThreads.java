package nlvideo.jobs.infer;

/**
 * Sizes PyTorch's intra-op thread pool to the cores Spark gives one task, so that concurrent
 * tasks on an executor do not each start a pool as large as the machine and fight for cores.
 * DJL reads these properties when the engine starts, hence this runs before the first model load.
 */
final class PyTorchThreads {

    private PyTorchThreads() {}

    static synchronized void configure(int taskCpus) {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(taskCpus));
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }
}
