package nlvideo.model.train;

/** The loss became NaN or infinite: the weights are no longer usable, so training stops. */
public final class TrainingDivergedException extends RuntimeException {
    /** @param message the loss seen and the learning rate, with what to change */
    public TrainingDivergedException(String message) {
        super(message);
    }
}
