package nlvideo.jobs.recovery;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Counts what faults cost a job while it runs: task attempts that failed (and were retried) and
 * executors that were lost. Registered on the driver's SparkContext for the job's duration; the
 * counts go to the job summary.
 */
public final class FailedAttempts extends SparkListener {

    private final AtomicLong failedTasks = new AtomicLong();
    private final AtomicLong lostExecutors = new AtomicLong();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (taskEnd.reason() != Success$.MODULE$) {
            failedTasks.incrementAndGet();
        }
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
        lostExecutors.incrementAndGet();
    }

    /** Task attempts that ended other than in success (each one a retry, or the job's end). */
    public long failedTasks() {
        return failedTasks.get();
    }

    /** Executors removed while the job ran. */
    public long lostExecutors() {
        return lostExecutors.get();
    }
}
