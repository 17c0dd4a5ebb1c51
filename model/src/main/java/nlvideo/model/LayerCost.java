package nlvideo.model;

import ai.djl.ndarray.types.Shape;

/**
 * A block of the network that can say what it costs for one clip, from shapes alone (no weights,
 * no native code), for {@link ModelInfo}.
 */
interface LayerCost {

    /**
     * The block's cost for one clip.
     *
     * @param input the block's input shape (1, C, T, H, W)
     */
    Cost cost(Shape input);

    /**
     * Learnable parameters, and multiply-adds as the paper counts FLOPs (convolutions, the FC and the
     * two non-local matrix products; BN, ReLU, pooling, softmax and additions are not counted). BN
     * running statistics are buffers, not parameters, as in PyTorch's counts.
     *
     * @param parameters learnable parameters
     * @param multiplyAdds multiply-adds for one clip
     */
    record Cost(long parameters, long multiplyAdds) {
        /** Nothing: a pool. */
        static final Cost NONE = new Cost(0, 0);

        /** This and {@code other} together. */
        Cost plus(Cost other) {
            return new Cost(parameters + other.parameters, multiplyAdds + other.multiplyAdds);
        }

        /**
         * A 3D convolution of {@code input} (1, C, T, H, W) to {@code output} (1, C', T', H', W') with
         * {@code kernel} taps, with or without bias.
         */
        static Cost conv(Shape input, Shape output, Shape kernel, boolean bias) {
            long taps = input.get(1) * kernel.size();
            long filters = output.get(1);
            return new Cost(
                    filters * taps + (bias ? filters : 0),
                    output.get(2) * output.get(3) * output.get(4) * filters * taps);
        }

        /** A batch norm over {@code channels}: scale and shift. */
        static Cost batchNorm(long channels) {
            return new Cost(2 * channels, 0);
        }
    }
}
