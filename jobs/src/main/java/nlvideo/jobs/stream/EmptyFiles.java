package nlvideo.jobs.stream;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import nlvideo.pipeline.dataset.VideoExtensions;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.util.HadoopFSUtils;

/**
 * The empty (0-byte) video files under a watched folder: the files Spark's file source lists and
 * records as seen but never hands to the sink, because its scan keeps only files longer than 0 bytes
 * ({@code PartitioningAwareFileIndex.listFiles}, Spark 3.5). The folder is listed as the source
 * lists it: recursively, skipping the names Spark skips ({@code HadoopFSUtils.shouldFilterOutPathName}:
 * names starting with {@code .} or {@code _}, names ending in {@code ._COPYING_}), files and
 * folders alike, and keeping only names with a video extension.
 */
final class EmptyFiles {

    private EmptyFiles() {}

    /**
     * The empty video files under {@code watched}, each with length {@link LandedFile#UNSEEN}: its
     * first {@link LandedFile#look} finds it changed, so it is read at the earliest one trigger
     * later, when the source has listed it too.
     *
     * @param watched the watched folder (local)
     * @return the files, paths as Spark's file source writes them ({@code file:/...}), in listing order
     * @throws UncheckedIOException when the folder cannot be listed
     */
    static List<LandedFile> under(FileSystem fs, java.nio.file.Path watched) {
        List<LandedFile> found = new ArrayList<>();
        try {
            collect(fs, fs.makeQualified(new Path(watched.toUri())), found);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + watched, e);
        }
        return found;
    }

    private static void collect(FileSystem fs, Path dir, List<LandedFile> found) throws IOException {
        FileStatus[] children;
        try {
            children = fs.listStatus(dir);
        } catch (FileNotFoundException e) {
            return; // removed while listed
        }
        for (FileStatus child : children) {
            if (HadoopFSUtils.shouldFilterOutPathName(child.getPath().getName())) {
                continue;
            }
            if (child.isDirectory()) {
                collect(fs, child.getPath(), found);
            } else if (child.getLen() == 0
                    && VideoExtensions.isVideo(child.getPath().getName())) {
                found.add(new LandedFile(child.getPath().toString(), LandedFile.UNSEEN, child.getModificationTime()));
            }
        }
    }
}
