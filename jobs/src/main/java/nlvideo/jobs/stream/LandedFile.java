package nlvideo.jobs.stream;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A file the watch found in its folder, as last seen: its length and modification time. A file is
 * read once it has settled (see {@link #look}): a file copied in place grows and is touched while
 * the copy runs, and reading it then would classify half a video.
 *
 * @param path the file as the file source lists it (a Hadoop path string, {@code file:/...})
 * @param length bytes when last seen, {@link #UNSEEN} before the first look
 * @param modifiedMs its modification time when last seen, in ms since the epoch
 */
public record LandedFile(String path, long length, long modifiedMs) {

    /** The length of a file found but not looked at yet: no look finds it settled. */
    public static final long UNSEEN = -1;

    /** What a look at a file found. */
    public enum State {
        /** Unchanged since last seen and untouched for the settle time: read it. */
        SETTLED,
        /** Changed since last seen, or touched within the settle time: look again later. */
        GROWING,
        /** Gone (renamed or deleted): it will be an error row, so that every file seen has a row. */
        GONE
    }

    /**
     * The file now, and whether it has settled: it has, when its length is the one seen last time
     * and its modification time is at least {@code settleMs} before {@code nowMs}.
     *
     * @return the state, and the file as seen now (to compare with at the next look)
     * @throws UncheckedIOException when the file system cannot be asked
     */
    public Look look(FileSystem fs, long nowMs, long settleMs) {
        FileStatus status;
        try {
            status = fs.getFileStatus(new Path(path));
        } catch (FileNotFoundException e) {
            return new Look(State.GONE, this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look at " + path, e);
        }
        LandedFile now = new LandedFile(path, status.getLen(), status.getModificationTime());
        boolean settled = now.length == length && nowMs - now.modifiedMs >= settleMs;
        return new Look(settled ? State.SETTLED : State.GROWING, now);
    }

    /** A look at a file: its state and how it was seen. */
    public record Look(State state, LandedFile file) {}
}
