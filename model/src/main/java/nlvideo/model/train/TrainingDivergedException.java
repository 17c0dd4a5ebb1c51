package nlvideo.model.train;

/** The loss became NaN or infinite: the weights are no longer usable, so training stops. */
public final class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
