package nlvideo.model;

/** A model config or preset that cannot describe a valid network or protocol; the message says why. */
public class ModelConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the field */
    public ModelConfigException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the field or file
     * @param cause the parser's or file system's error
     */
    public ModelConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
