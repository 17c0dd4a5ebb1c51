package nlvideo.jobs.infer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Spark plugin that builds the job's network on each CPU executor as soon as the executor
 * starts, on a thread of its own, so that the build and the weight import (about 2.5 s for an
 * R50 from a Caffe2 pickle) overlap the probe stage instead of delaying the executor's first
 * classify task; that task then finds the model loaded, or waits for the load in progress
 * ({@link ExecutorModels#forTask}). For executors that are separate JVMs (a cluster manager,
 * {@code local-cluster}); embedded runs take the driver's network instead ({@link
 * ExecutorModels#offer}). Executors with GPUs are left alone: their tasks load the model on the GPU
 * Spark gives them. A preload that fails only logs a warning: the first task loads again and fails
 * with the reason, as without the plugin.
 */
public final class ModelPreload implements SparkPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(ModelPreload.class);

    /** The Spark setting that carries the spec to the executors (Base64 of its Java serialization). */
    public static final String SPEC = "spark.nlvideo.preload.spec";

    /** Adds the plugin and {@code spec} to {@code conf}, keeping any plugin already set. */
    public static void configure(SparkConf conf, ModelSpec spec) {
        String plugins = conf.get("spark.plugins", "").strip();
        String self = ModelPreload.class.getName();
        if (!(',' + plugins + ',').contains(',' + self + ',')) {
            conf.set("spark.plugins", plugins.isEmpty() ? self : plugins + "," + self);
        }
        conf.set(SPEC, encode(spec));
    }

    static String encode(ModelSpec spec) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    static ModelSpec decode(String text) {
        try (ObjectInputStream in = new ObjectInputStream(
                new ByteArrayInputStream(Base64.getDecoder().decode(text)))) {
            return (ModelSpec) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalArgumentException(SPEC + " holds no model spec: " + e, e);
        }
    }

    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override
            public void init(PluginContext context, Map<String, String> extraConf) {
                String text = context.conf().get(SPEC, null);
                if (text == null) {
                    return;
                }
                ResourceInformation gpus = context.resources().get("gpu");
                if (gpus != null && gpus.addresses().length > 0) {
                    LOG.info("executor with GPUs: the model is loaded by the first task, on its GPU");
                    return;
                }
                ModelSpec spec = decode(text);
                Thread t = new Thread(() -> preload(spec), "nlvideo-model-preload");
                t.setDaemon(true);
                t.start();
            }
        };
    }

    private static void preload(ModelSpec spec) {
        long start = System.nanoTime();
        try {
            ExecutorModels.forTask(spec);
            LOG.info(
                    "preloaded {} at executor start in {} ms",
                    spec.config().name(),
                    Math.round((System.nanoTime() - start) / 1e6));
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not preload {}: {} (the first task loads it again)",
                    spec.config().name(),
                    e.toString());
        }
    }
}
