package nlvideo.model;

/** A model config or preset that cannot describe a valid network; the message says why. */
public class ModelConfigException extends IllegalArgumentException {
    public ModelConfigException(String message) {
        super(message);
    }

    public ModelConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
