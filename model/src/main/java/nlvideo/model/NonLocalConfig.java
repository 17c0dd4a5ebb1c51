package nlvideo.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Where the non-local blocks sit and how they compute (paper, section 3 and 4.1; the {@code nonLocal:}
 * field of a preset).
 *
 * @param positions per stage res2..res5, indices of the blocks after which a non-local block runs
 *     (the paper code's {@code nonlocal_conv4_3} is {@code [[], [], [3], []]})
 * @param instantiation pairwise function f (section 3.2)
 * @param scale multiply theta^T phi by 1/sqrt(d) before the softmax. Default: true for the embedded
 *     Gaussian (the paper's code, {@code NONLOCAL.USE_SCALE}, and PySlowFast's softmax
 *     instantiation), false for every other: no reference scales the Gaussian (mmcv's
 *     {@code NonLocal3d.gaussian} never does), so it is scaled only when a preset asks
 * @param subsample key/value sub-sampling max pool; absent = no sub-sampling
 * @param reduction inner width d = channels / reduction (2 in every published model)
 * @param outBias whether W_z has a bias (mmaction2: no, since a BN follows)
 * @param bnEpsilon epsilon of the BN after W_z
 */
public record NonLocalConfig(
        List<List<Integer>> positions,
        Instantiation instantiation,
        Boolean scale,
        Subsample subsample,
        Integer reduction,
        Boolean outBias,
        Double bnEpsilon) {

    /** @throws ModelConfigException for a reduction below 1 */
    public NonLocalConfig {
        positions = positions == null
                ? List.of(List.of(), List.of(), List.of(), List.of())
                : NetworkConfig.copyNested(positions);
        instantiation = instantiation == null ? Instantiation.EMBEDDED_GAUSSIAN : instantiation;
        scale = scale == null ? instantiation == Instantiation.EMBEDDED_GAUSSIAN : scale;
        reduction = reduction == null ? 2 : reduction;
        if (reduction < 1) {
            throw new ModelConfigException("nonLocal.reduction must be positive");
        }
        outBias = outBias == null ? Boolean.TRUE : outBias;
        bnEpsilon = bnEpsilon == null ? 1e-5 : bnEpsilon;
    }

    static NonLocalConfig none() {
        return new NonLocalConfig(null, null, null, null, null, null, null);
    }

    /** Pairwise function f of the non-local block (paper, section 3.2). */
    public enum Instantiation {
        /** softmax(theta(x_i)^T phi(x_j)), optionally scaled by 1/sqrt(d) before the softmax. */
        @JsonProperty("embedded-gaussian")
        EMBEDDED_GAUSSIAN,
        /** theta(x_i)^T phi(x_j) / N. */
        @JsonProperty("dot-product")
        DOT_PRODUCT,
        /** softmax(x_i^T x_j): no theta/phi embeddings. */
        @JsonProperty("gaussian")
        GAUSSIAN,
        /** ReLU(w^T [theta(x_i), phi(x_j)]) / N. */
        @JsonProperty("concatenation")
        CONCATENATION
    }

    /**
     * Where the key/value sub-sampling pool sits. The paper's code and PySlowFast pool x before the
     * phi/g convolutions; mmaction2 (mmcv {@code NonLocal3d}) pools their outputs.
     */
    public enum SubsampleOrder {
        @JsonProperty("pool-first")
        POOL_FIRST,
        @JsonProperty("conv-first")
        CONV_FIRST
    }

    /**
     * Key/value sub-sampling: a max pool with kernel = stride.
     *
     * @param kernel (t, h, w), each at least 1; default 1x2x2 (4 times fewer keys)
     * @param order before or after phi/g; default pool first
     */
    public record Subsample(List<Integer> kernel, SubsampleOrder order) {
        public Subsample {
            kernel = kernel == null ? List.of(1, 2, 2) : NetworkConfig.triple(kernel, "nonLocal.subsample.kernel");
            if (kernel.stream().anyMatch(k -> k < 1)) {
                throw new ModelConfigException("nonLocal.subsample.kernel must be >= 1");
            }
            order = order == null ? SubsampleOrder.POOL_FIRST : order;
        }
    }
}
