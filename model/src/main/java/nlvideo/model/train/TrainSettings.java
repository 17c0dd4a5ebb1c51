package nlvideo.model.train;

/**
 * The hyper-parameters of one training run. Saved with every checkpoint, so that a resumed run
 * continues with exactly the settings it started with.
 *
 * @param epochs total epochs (one random clip per training video per epoch)
 * @param batchSize clips per step
 * @param lr peak learning rate
 * @param momentum SGD momentum
 * @param weightDecay L2 weight decay (not on batch-norm scale and shift)
 * @param schedule learning-rate policy
 * @param warmupEpochs linear warmup length in epochs
 * @param seed seeds the weights, the clip sampling, the batch order and dropout
 * @param flip random horizontal flips (off by default: they swap left and right motion)
 */
public record TrainSettings(
        int epochs,
        int batchSize,
        double lr,
        double momentum,
        double weightDecay,
        LearningRateSchedule.Kind schedule,
        double warmupEpochs,
        long seed,
        boolean flip) {

    /** @throws IllegalArgumentException for a batch size below 1, a momentum outside [0, 1), a negative weight decay, or an invalid schedule */
    public TrainSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        learningRate(epochs, schedule, lr, warmupEpochs); // validates the rest
    }

    /** The learning-rate schedule these settings describe. */
    public LearningRateSchedule learningRate() {
        return learningRate(epochs, schedule, lr, warmupEpochs);
    }

    private static LearningRateSchedule learningRate(
            int epochs, LearningRateSchedule.Kind kind, double lr, double warmup) {
        return new LearningRateSchedule(kind, lr, epochs, warmup);
    }

    /** The same settings running to {@code total} epochs (a resumed run may be extended). */
    public TrainSettings withEpochs(int total) {
        return new TrainSettings(total, batchSize, lr, momentum, weightDecay, schedule, warmupEpochs, seed, flip);
    }
}
