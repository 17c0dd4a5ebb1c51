package nlvideo.model;

/**
 * A block with a convolution followed by batch norm that can run them as one folded convolution
 * at inference ({@link FoldedConvBn}); {@link InferenceMode} folds every such block of a network.
 */
interface FoldsBatchNorm {

    /** Folds the current weights; inference (training=false) then uses the folded convolution. */
    void foldBatchNorm();

    /** Drops the folded convolution: back to conv then BN. */
    void unfoldBatchNorm();
}
