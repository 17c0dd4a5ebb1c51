package nlvideo.jobs.recovery;

import java.io.Serializable;

/**
 * Names one task of one job run, the same for every attempt of it: what its journal files and its
 * committed results are called. A run is one invocation of a command on an output folder (the
 * first run is 1, each {@code --resume} adds one).
 *
 * @param stage the job stage, e.g. {@code probe} or {@code infer}; letters, digits and '-'
 * @param run the run number, at least 1
 * @param partition the Spark partition (task index) within the stage, at least 0
 */
public record TaskKey(String stage, int run, int partition) implements Serializable {

    public TaskKey {
        if (!stage.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("stage must be lower-case letters, digits and '-': " + stage);
        }
        if (run < 1 || partition < 0) {
            throw new IllegalArgumentException("run must be >= 1 and partition >= 0: " + run + ", " + partition);
        }
    }

    /** The file-name stem, e.g. {@code infer-r002-p00017}. */
    public String name() {
        return String.format("%s-r%03d-p%05d", stage, run, partition);
    }

    /** Parses {@link #name()}; null for a name of another shape. */
    static TaskKey parse(String name) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("([a-z0-9-]+)-r(\\d+)-p(\\d+)").matcher(name);
        if (!m.matches()) {
            return null;
        }
        return new TaskKey(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }
}
