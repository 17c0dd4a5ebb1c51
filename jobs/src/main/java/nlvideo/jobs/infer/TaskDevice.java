package nlvideo.jobs.infer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device a Spark task should run the network on: the GPU Spark assigned to the task
 * ({@code spark.task.resource.gpu.amount}), else the CPU. A GPU assignment on an executor whose
 * PyTorch build has no CUDA falls back to the CPU with a warning instead of failing the job.
 */
public final class TaskDevice {

    private static final Logger LOG = LoggerFactory.getLogger(TaskDevice.class);

    private TaskDevice() {}

    public static Device current() {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return Device.cpu();
        }
        Map<String, ResourceInformation> resources = task.resourcesJMap();
        ResourceInformation gpu = resources.get("gpu");
        if (gpu == null || gpu.addresses().length == 0) {
            return Device.cpu();
        }
        int id = Integer.parseInt(gpu.addresses()[0].trim());
        if (Engine.getEngine("PyTorch").getGpuCount() == 0) {
            LOG.warn("task was given GPU {} but this PyTorch build has no CUDA; running on the CPU", id);
            return Device.cpu();
        }
        return Device.gpu(id);
    }

    /** Cores Spark reserves for one task: what PyTorch's intra-op thread pool should use. */
    public static int taskCpus() {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return Math.max(1, Runtime.getRuntime().availableProcessors());
        }
        return Math.max(1, task.cpus());
    }
}
