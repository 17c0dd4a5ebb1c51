package nlvideo.model.train;

/**
 * The loss or a gradient became NaN or infinite: the weights would no longer be usable, so training
 * stops (before the step that would have spoiled them).
 */
public final class TrainingDivergedException extends RuntimeException {
    /** @param message the loss or the parameter whose gradient was not finite, the learning rate, and what to change */
    public TrainingDivergedException(String message) {
        super(message);
    }
}
