package nlvideo.jobs.stream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the sink wrote for one micro-batch, kept in the {@link BatchLog} once the batch's rows are in
 * the tables: the batch is then done, whatever Spark's own commit log says.
 *
 * @param batch Spark's micro-batch id
 * @param written when the rows were appended (ISO-8601 instant)
 * @param videos the videos classified in this batch, each exactly once over the whole watch
 * @param pending files seen but still being written, looked at again in the next batches
 * @param emptyReported the empty files under the folder whose row is written (an {@code empty} error
 *     row), so that the sink, which lists the empty files itself ({@link EmptyFiles}), does not
 *     report them again; a path leaves the list when its file is no longer empty or gone; empty in
 *     records written before this field existed
 * @param tableBytes for CSV and JSON tables, each table file's length in bytes after this batch
 *     (what an unfinished later batch is cut back to); empty for Parquet
 * @param totals counts over every batch so far, as {@code summary.json} has them ({@link #plus})
 * @param latency landing-to-row seconds over every batch so far
 */
public record BatchRecord(
        long batch,
        String written,
        List<Video> videos,
        List<LandedFile> pending,
        List<String> emptyReported,
        Map<String, Long> tableBytes,
        Map<String, Object> totals,
        Latency latency) {

    /** A record read from a log written before {@code emptyReported} existed has none. */
    public BatchRecord {
        emptyReported = emptyReported == null ? List.of() : emptyReported;
    }

    /**
     * A video as one micro-batch classified it.
     *
     * @param path the file
     * @param videoId its id in the tables
     * @param outcome {@code predicted}, or the error kind of its error row
     * @param latencySeconds from the file's last modification (its landing) to its row being written
     */
    public record Video(String path, String videoId, String outcome, double latencySeconds) {}

    /**
     * Landing-to-row times.
     *
     * @param count videos timed
     * @param sumSeconds their sum
     * @param maxSeconds the longest
     */
    public record Latency(long count, double sumSeconds, double maxSeconds) {

        static final Latency NONE = new Latency(0, 0, 0);

        Latency plus(List<Video> videos) {
            long n = count;
            double sum = sumSeconds;
            double max = maxSeconds;
            for (Video v : videos) {
                n++;
                sum += v.latencySeconds();
                max = Math.max(max, v.latencySeconds());
            }
            return new Latency(n, sum, max);
        }

        /** The mean in seconds, 0 when none was timed. */
        public double meanSeconds() {
            return count == 0 ? 0 : sumSeconds / count;
        }
    }

    /**
     * Counts added up key by key: numbers summed, nested maps (failures by kind) merged the same way.
     * The counts of {@code ClassifyTables.counts} for one batch, added to the totals before it.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> plus(Map<String, Object> totals, Map<String, Object> batch) {
        Map<String, Object> sum = new LinkedHashMap<>(totals);
        batch.forEach((key, value) -> sum.merge(key, value, (a, b) -> {
            if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
                return plus((Map<String, Object>) x, (Map<String, Object>) y);
            }
            return ((Number) a).longValue() + ((Number) b).longValue();
        }));
        return sum;
    }
}
