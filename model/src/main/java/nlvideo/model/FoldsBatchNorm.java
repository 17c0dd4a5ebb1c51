package nlvideo.model;

/**
 * A block holding a convolution followed by batch norm ({@link ConvBnPair}) that can run them as
 * one folded convolution at inference; {@link InferenceMode} folds every such block of a network.
 */
interface FoldsBatchNorm {

    /** The block's convolution and batch norm. */
    ConvBnPair convBn();
}
