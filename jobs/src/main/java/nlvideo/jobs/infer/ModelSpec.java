package nlvideo.jobs.infer;

import java.io.Serializable;
import nlvideo.model.ModelConfig;
import nlvideo.model.Precision;

/**
 * Everything an executor needs to build the same network as the driver: the config itself (as
 * YAML, so that a preset edited on the driver's machine is what executors run), the weights file
 * or, when there is none, the seed of the random initialisation, and the precision of inference.
 * Equal specs share one model per executor JVM.
 *
 * @param weights a weights file readable from every executor, or null for seeded random weights
 */
public record ModelSpec(String configYaml, String weights, long seed, Precision precision) implements Serializable {

    /** A float32 model. */
    public static ModelSpec of(ModelConfig config, String weights, long seed) {
        return of(config, weights, seed, Precision.FP32);
    }

    public static ModelSpec of(ModelConfig config, String weights, long seed, Precision precision) {
        return new ModelSpec(config.toYaml(), weights, seed, precision);
    }

    public ModelConfig config() {
        return ModelConfig.parse(configYaml);
    }

    public boolean randomWeights() {
        return weights == null;
    }
}
