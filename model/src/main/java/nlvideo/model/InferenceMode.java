package nlvideo.model;

import ai.djl.nn.Parameter;

/**
 * Prepares a loaded network for inference only: no parameter asks for gradients, so PyTorch
 * records no autograd graph (which would keep every intermediate activation alive until the
 * outputs are closed), whatever the calling thread's grad mode is. Run once, after the weights
 * are loaded.
 */
public final class InferenceMode {

    private InferenceMode() {}

    public static void apply(NlI3d net) {
        for (Parameter p : net.namedParameters().values()) {
            p.getArray().setRequiresGradient(false);
        }
    }
}
