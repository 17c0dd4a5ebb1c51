package nlvideo.model.checkpoint;

import java.io.IOException;

/**
 * A checkpoint file that cannot be read or does not fit the network: malformed pickle, unsupported
 * dtype, missing or surplus tensors, shape mismatches. One typed error so callers (the command line)
 * can report it plainly instead of crashing.
 */
public class CheckpointFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the file or entry */
    public CheckpointFormatException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the file or entry
     * @param cause the underlying error
     */
    public CheckpointFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
