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

    /**
     * The calling task's device: {@code gpu(N)} for the first GPU address Spark assigned to the
     * task, else the CPU (also outside a Spark task, and when PyTorch has no CUDA).
     */
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
}
