package nlvideo.model.train;

/**
 * Where a training run stands after a finished epoch: what {@code --resume} needs besides the
 * weights and the momentum buffers. Every random choice of epoch {@code e} is seeded from
 * {@code settings.seed()} and {@code e}, so nothing else of the random state has to be kept.
 *
 * @param settings the run's hyper-parameters
 * @param epochsDone finished epochs
 * @param bestTop1 best validation top-1 so far (-1 before any)
 * @param bestEpoch the epoch (1-based) of {@code best.nlw}, 0 before any
 * @param train the training manifest
 * @param val the validation manifest
 * @param labels the label list file or name
 */
public record TrainingState(
        TrainSettings settings,
        int epochsDone,
        double bestTop1,
        int bestEpoch,
        String train,
        String val,
        String labels) {

    /** The state before the first epoch of a new run. */
    public static TrainingState start(TrainSettings settings, String train, String val, String labels) {
        return new TrainingState(settings, 0, -1, 0, train, val, labels);
    }

    /** The state after epoch {@code epochsDone + 1} with validation top-1 {@code top1}. */
    public TrainingState next(double top1) {
        boolean better = top1 > bestTop1;
        return new TrainingState(
                settings,
                epochsDone + 1,
                better ? top1 : bestTop1,
                better ? epochsDone + 1 : bestEpoch,
                train,
                val,
                labels);
    }

    /** Whether every epoch of the settings is done. */
    public boolean finished() {
        return epochsDone >= settings.epochs();
    }

    /** The same progress under other settings (a resumed run given a new epoch total). */
    public TrainingState withSettings(TrainSettings s) {
        return new TrainingState(s, epochsDone, bestTop1, bestEpoch, train, val, labels);
    }
}
