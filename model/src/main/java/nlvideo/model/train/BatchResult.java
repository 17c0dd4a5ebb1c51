package nlvideo.model.train;

/**
 * What one training step saw: the summed (not mean) cross-entropy and the number of top-1 hits,
 * so that an epoch's figures are exact averages over clips whatever the last batch's size.
 */
public record BatchResult(double lossSum, int correct, int count) {

    public static final BatchResult NONE = new BatchResult(0, 0, 0);

    public BatchResult plus(BatchResult o) {
        return new BatchResult(lossSum + o.lossSum, correct + o.correct, count + o.count);
    }

    public double meanLoss() {
        return count == 0 ? Double.NaN : lossSum / count;
    }

    public double accuracy() {
        return count == 0 ? Double.NaN : (double) correct / count;
    }
}
