package nlvideo.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Prepares a loaded network for inference only, once, after its weights are loaded:
 * <ul>
 *   <li>no parameter asks for gradients, so PyTorch records no autograd graph (which would keep
 *       every intermediate activation alive until the outputs are closed), whatever the calling
 *       thread's grad mode is;
 *   <li>every batch norm is folded into the convolution before it ({@link ConvBnPair}): the
 *       same outputs up to float rounding, one pass over each activation instead of two;
 *   <li>forwards run in the chosen {@link Precision} (float32 unless told otherwise).
 * </ul>
 * Parameters themselves are untouched (saving and checkpoint names are unchanged); call
 * {@link #undo} before training, or {@link #apply} again after loading other weights.
 */
public final class InferenceMode {

    private InferenceMode() {}

    /** Prepares {@code net} for float32 inference. */
    public static void apply(NlI3d net) {
        apply(net, Precision.FP32);
    }

    /** Prepares {@code net} for inference in {@code precision}. */
    public static void apply(NlI3d net, Precision precision) {
        for (Parameter p : net.namedParameters().values()) {
            p.getArray().setRequiresGradient(false);
        }
        visit(net, true);
        net.setPrecision(precision);
    }

    /**
     * Back to the unfolded conv + BN in float32 (parameters keep requiresGradient false until a
     * trainer sets them).
     */
    public static void undo(NlI3d net) {
        visit(net, false);
        net.setPrecision(Precision.FP32);
    }

    private static void visit(Block block, boolean fold) {
        if (block instanceof FoldsBatchNorm f) {
            if (fold) {
                f.convBn().fold();
            } else {
                f.convBn().unfold();
            }
        }
        for (Pair<String, Block> child : block.getChildren()) {
            visit(child.getValue(), fold);
        }
    }
}
