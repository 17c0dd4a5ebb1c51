package nlvideo.model.io;

import java.io.IOException;

/** A file that is not a float32 C-order {@code .npy} array this project can read: says why. */
public class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the file */
    public NpyFormatException(String message) {
        super(message);
    }
}
