package nlvideo.model.train;

/**
 * What one training step saw: the summed (not mean) cross-entropy and the number of top-1 hits,
 * so that an epoch's figures are exact averages over clips whatever the last batch's size.
 *
 * @param lossSum summed cross-entropy (natural log) over the batch's clips
 * @param correct clips whose top-1 class was the label
 * @param count clips
 */
public record BatchResult(double lossSum, int correct, int count) {

    /** No clips: the start of a sum. */
    public static final BatchResult NONE = new BatchResult(0, 0, 0);

    /** Both batches' figures together. */
    public BatchResult plus(BatchResult o) {
        return new BatchResult(lossSum + o.lossSum, correct + o.correct, count + o.count);
    }

    /** Mean cross-entropy per clip (nats), NaN for no clips. */
    public double meanLoss() {
        return count == 0 ? Double.NaN : lossSum / count;
    }

    /** Top-1 accuracy in [0, 1], NaN for no clips. */
    public double accuracy() {
        return count == 0 ? Double.NaN : (double) correct / count;
    }
}
