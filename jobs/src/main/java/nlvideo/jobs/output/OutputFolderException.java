package nlvideo.jobs.output;

/**
 * An output folder a job may not use as asked (see {@link OutputFolder}): a usage error, reported
 * before anything is written or deleted.
 */
public final class OutputFolderException extends RuntimeException {

    /** @param message names the option and the folder, and says what to do instead */
    public OutputFolderException(String message) {
        super(message);
    }
}
