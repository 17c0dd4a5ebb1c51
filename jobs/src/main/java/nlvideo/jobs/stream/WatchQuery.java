package nlvideo.jobs.stream;

import static org.apache.spark.sql.functions.lit;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Structured Streaming query of a folder watch: Spark's file source over the folder (the
 * {@code binaryFile} format, content never read: only each new file's path, length and
 * modification time), recursive, every file once (Spark remembers the files it has seen in the
 * checkpoint), united with a {@code rate} source that ticks once a second so that a micro-batch
 * runs every trigger even when no new file came, and files still being written are looked at
 * again; written by a {@link VideoSink} in {@code foreachBatch}, checkpointed under the output
 * folder.
 *
 * <p>Spark's listing skips names starting with {@code .} or {@code _} and names ending in {@code
 * ._COPYING_} ({@code hadoop fs -put}): write a video under such a name and rename it when it is
 * complete, and it appears whole. A file Spark has seen is never read again, even if it is
 * replaced. Spark hands over no file that is empty (0 bytes) when its micro-batch is planned, though
 * it records it as seen: the {@link VideoSink} finds those itself.
 *
 * <p>Stopping: {@link #stop} (and SIGINT or SIGTERM, through a shutdown hook that runs before
 * Spark's own) waits for the micro-batch being written, then stops the query between batches.
 */
public final class WatchQuery {

    /** Files taken into one micro-batch at most: a backlog is classified in parts. */
    static final int MAX_FILES_PER_TRIGGER = 1000;

    /** How long a stop waits for the micro-batch being written before it interrupts it. */
    static final long STOP_WAIT_SECONDS = 120;

    /** Runs before Spark's shutdown hook (Hadoop priority 40), which stops the SparkContext. */
    private static final int SHUTDOWN_PRIORITY = 60;

    /** The binaryFile source's columns; a streaming source needs its schema up front. */
    private static final StructType BINARY_FILE = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("modificationTime", DataTypes.TimestampType, false)
            .add("length", DataTypes.LongType, false)
            .add("content", DataTypes.BinaryType, true);

    private final SparkSession spark;
    private final StreamFolder folder;
    private final Path watched;
    private final double triggerSeconds;
    private final VideoSink sink;
    private final PrintStream console;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final ReentrantLock writing = new ReentrantLock();
    private volatile StreamingQuery query;
    private volatile boolean stopping;

    /**
     * @param watched the folder whose new videos are classified
     * @param triggerSeconds seconds between micro-batches
     */
    public WatchQuery(
            SparkSession spark,
            StreamFolder folder,
            Path watched,
            double triggerSeconds,
            VideoSink sink,
            PrintStream console) {
        this.spark = spark;
        this.folder = folder;
        this.watched = watched.toAbsolutePath().normalize();
        this.triggerSeconds = triggerSeconds;
        this.sink = sink;
        this.console = console;
    }

    /**
     * Starts the query and returns when it is stopped ({@link #stop}, a signal).
     *
     * @throws StreamingQueryException when the query failed (a micro-batch threw): the batch was not
     *     committed, and a restart runs it again
     * @throws TimeoutException when the query cannot start
     */
    public void run() throws StreamingQueryException, TimeoutException {
        Runnable hook = this::stopOnSignal;
        ShutdownHookManager.get().addShutdownHook(hook, SHUTDOWN_PRIORITY, STOP_WAIT_SECONDS + 60, TimeUnit.SECONDS);
        try {
            Dataset<Row> files = spark.readStream()
                    .format("binaryFile")
                    .schema(BINARY_FILE)
                    .option("recursiveFileLookup", "true")
                    .option("maxFilesPerTrigger", MAX_FILES_PER_TRIGGER)
                    // files are found by path, never by age: one copied in with an old time still counts
                    .option("maxFileAge", "36500d")
                    .load(watched.toUri().toString())
                    .select(VideoSink.COLUMNS[0], VideoSink.COLUMNS[1], VideoSink.COLUMNS[2]);
            Dataset<Row> ticks = spark.readStream()
                    .format("rate")
                    .option("rowsPerSecond", 1)
                    .option("numPartitions", 1)
                    .load()
                    .select(
                            lit(null).cast(DataTypes.StringType).as(VideoSink.COLUMNS[0]),
                            lit(null).cast(DataTypes.LongType).as(VideoSink.COLUMNS[1]),
                            lit(null).cast(DataTypes.TimestampType).as(VideoSink.COLUMNS[2]));
            announce();
            query = files.union(ticks)
                    .writeStream()
                    .queryName("nlvideo watch")
                    .option("checkpointLocation", folder.checkpoint().toUri().toString())
                    .trigger(Trigger.ProcessingTime(Math.round(triggerSeconds * 1000)))
                    .foreachBatch(this::batch)
                    .start();
            if (stopping) {
                query.stop();
            }
            query.awaitTermination();
            BatchRecord last = sink.latest();
            console.println(
                    last == null
                            ? "watch: stopped; no video so far"
                            : String.format(
                                    Locale.ROOT,
                                    "watch: stopped after batch %d; in all %s videos (%s predicted, %s failed, %s missing)",
                                    last.batch(),
                                    last.totals().getOrDefault("inputs", 0),
                                    last.totals().getOrDefault("predicted", 0),
                                    last.totals().getOrDefault("failed", 0),
                                    last.totals().getOrDefault("missing", 0)));
        } finally {
            finished.countDown();
            if (!ShutdownHookManager.get().isShutdownInProgress()) {
                ShutdownHookManager.get().removeShutdownHook(hook);
            }
        }
    }

    private void announce() {
        BatchRecord last = sink.latest();
        if (last != null) {
            console.printf(
                    Locale.ROOT,
                    "watch: resuming %s after batch %d (%s videos so far, %d still being written)%n",
                    folder.dir(),
                    last.batch(),
                    last.totals().getOrDefault("inputs", 0),
                    last.pending().size());
        }
        console.printf(
                Locale.ROOT,
                "watch: classifying the videos that land in %s (looking every %.3g s), appending to %s;"
                        + " Ctrl-C stops%n",
                watched,
                triggerSeconds,
                folder.dir());
    }

    /**
     * One micro-batch, written by the sink unless the watch is stopping: then it waits for the query
     * to be stopped and leaves the batch uncommitted (Spark takes the interruption for the stop), so
     * that the restart runs it.
     */
    private void batch(Dataset<Row> batch, Long id) throws InterruptedException {
        boolean stop;
        writing.lockInterruptibly();
        try {
            stop = stopping;
            if (!stop) {
                sink.write(batch, id);
            }
        } finally {
            writing.unlock();
        }
        if (stop) {
            // without the lock: stop() takes it before it stops the query, whose interrupt ends this wait
            while (query == null || query.isActive()) {
                Thread.sleep(50);
            }
            throw new InterruptedException("the watch stopped before micro-batch " + id);
        }
    }

    /**
     * Stops the query between micro-batches: no micro-batch starts writing once this is called; the
     * one being written is waited for (at most {@link #STOP_WAIT_SECONDS}), then the query is
     * stopped. A batch interrupted after the wait is not committed and runs again on restart.
     */
    public void stop() {
        stopping = true;
        StreamingQuery q = query;
        if (q == null) {
            return;
        }
        try {
            if (writing.tryLock(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                writing.unlock();
            }
            q.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            console.println("watch: the query did not stop in time: " + e.getMessage());
        }
    }

    /** The shutdown hook: stop gracefully, then let the JVM end only once {@link #run} has finished. */
    private void stopOnSignal() {
        if (finished.getCount() == 0) {
            return;
        }
        console.println("watch: stopping after the micro-batch being written...");
        stop();
        try {
            finished.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
