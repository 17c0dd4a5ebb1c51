package nlvideo.jobs.recovery;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pieces of work, one at a time, on a worker thread with a deadline each, for work that may
 * hang in native code (an FFmpeg demuxer or decoder looping on a hostile file), where a Java
 * interrupt cannot stop it. When the deadline passes the caller gets the timeout result at once;
 * the hung thread is abandoned (it is a daemon and keeps whatever native memory it holds until it
 * returns or the JVM ends) and the next piece of work gets a fresh thread.
 *
 * <p>Not thread-safe: one caller thread.
 */
public final class TimeLimit implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TimeLimit.class);
    private static final AtomicInteger ABANDONED = new AtomicInteger();

    private final String name;
    private final Duration limit;
    private ExecutorService worker;

    /**
     * @param name the worker thread's name (and its log name)
     * @param limit how long one piece of work may take; zero or negative for no limit
     */
    public TimeLimit(String name, Duration limit) {
        this.name = name;
        this.limit = limit;
    }

    /** The limit, as given. */
    public Duration limit() {
        return limit;
    }

    /** Threads abandoned by every time limit of this JVM so far: each is work that never returned. */
    public static int abandonedThreads() {
        return ABANDONED.get();
    }

    /**
     * Runs {@code work} and returns its result, or {@code onTimeout}'s when it takes longer than the
     * limit. What {@code work} throws is rethrown as it is (an {@link Error} too).
     *
     * @throws IllegalStateException when the calling thread is interrupted while waiting
     */
    public <T> T run(Callable<T> work, Supplier<T> onTimeout) throws Exception {
        if (limit.isZero() || limit.isNegative()) {
            return work.call();
        }
        if (worker == null) {
            worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }
        Future<T> future = worker.submit(work);
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            worker.shutdownNow();
            worker = null;
            int n = ABANDONED.incrementAndGet();
            LOG.warn(
                    "{}: work did not finish within {} s; its thread is abandoned ({} so far in this JVM)",
                    name,
                    limit.toSeconds(),
                    n);
            return onTimeout.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new IllegalStateException(name + ": interrupted while waiting for work", e);
        }
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.shutdownNow();
            worker = null;
        }
    }
}
