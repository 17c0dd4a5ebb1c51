package nlvideo.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The classifier head of a preset ({@code head:}).
 *
 * @param type global average (logits) or fully convolutional (mean of per-position softmax)
 * @param dropout dropout rate before the FC, in [0, 1) (identity at inference); default 0.5
 * @param poolKernel fully convolutional head: average pool kernel (t, h, w), stride 1, default
 *     4x7x7 (the paper code's pool5 at test); each extent is clipped to the res5 map when the input
 *     is smaller than the preset's
 */
public record HeadConfig(Type type, Double dropout, List<Integer> poolKernel) {

    /** @throws ModelConfigException for a dropout outside [0, 1) */
    public HeadConfig {
        type = type == null ? Type.GLOBAL_AVERAGE : type;
        dropout = dropout == null ? 0.5 : dropout;
        if (!(dropout >= 0 && dropout < 1)) {
            throw new ModelConfigException("head.dropout must be in [0, 1)");
        }
        poolKernel = poolKernel == null ? List.of(4, 7, 7) : NetworkConfig.triple(poolKernel, "head.poolKernel");
    }

    /** Whether the head's scores are class probabilities (fully convolutional) rather than logits. */
    public boolean outputsProbabilities() {
        return type == Type.FULLY_CONVOLUTIONAL;
    }

    /** The same head with the global-average type: logits, what training needs. */
    public HeadConfig withLogits() {
        return new HeadConfig(Type.GLOBAL_AVERAGE, dropout, poolKernel);
    }

    /** Classifier head at test time. */
    public enum Type {
        /** Global average pool, dropout, FC: logits. */
        @JsonProperty("global-average")
        GLOBAL_AVERAGE,
        /**
         * The reference code's fully-convolutional test head (video-nonlocal-net {@code test_net_video.py},
         * PySlowFast {@code ResNetBasicHead} at test): average pool with a fixed kernel (stride 1), FC
         * applied at every remaining position, softmax per position, then the mean: class
         * probabilities, not logits.
         */
        @JsonProperty("fully-convolutional")
        FULLY_CONVOLUTIONAL
    }
}
