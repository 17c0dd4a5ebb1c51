package nlvideo.jobs.classify;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's progress line while a job classifies: videos done of total, clips per second, and
 * the time left at that rate. Printed every few seconds on a daemon thread, and once at the end,
 * followed by where each view's time went ({@link StageTimes}).
 */
final class ProgressLine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressLine.class);
    private static final long INTERVAL_MS = Long.getLong("nlvideo.progress.ms", 10_000);

    private final String name;
    private final Progress progress;
    private final StageTimes times;
    private final Map<String, Integer> unitsPerVideo;
    private final int videos;
    private final long clips;
    private final long start = System.nanoTime();
    private final Thread thread;

    private ProgressLine(
            String name,
            Progress progress,
            StageTimes times,
            Map<String, Integer> unitsPerVideo,
            int videos,
            long clips) {
        this.name = name;
        this.progress = progress;
        this.times = times;
        this.unitsPerVideo = unitsPerVideo;
        this.videos = videos;
        this.clips = clips;
        this.thread = new Thread(this::loop, "nlvideo-progress");
        thread.setDaemon(true);
    }

    static ProgressLine start(
            String name,
            Progress progress,
            StageTimes times,
            Map<String, Integer> unitsPerVideo,
            int videos,
            long clips) {
        ProgressLine line = new ProgressLine(name, progress, times, unitsPerVideo, videos, clips);
        line.thread.start();
        return line;
    }

    private void loop() {
        try {
            while (true) {
                Thread.sleep(INTERVAL_MS);
                LOG.info(line());
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    String line() {
        double elapsed = (System.nanoTime() - start) / 1e9;
        long done = progress.clipsDone();
        double rate = done / Math.max(elapsed, 1e-9);
        String eta = done == 0 ? "?" : formatSeconds((clips - done) / Math.max(rate, 1e-9));
        return String.format(
                "%s: %d/%d videos, %d/%d clips, %.2f clips/s, ETA %s",
                name, progress.videosDone(unitsPerVideo), videos, done, clips, rate, eta);
    }

    private static String formatSeconds(double s) {
        long t = Math.round(s);
        return t >= 3600
                ? String.format("%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
                : String.format("%d:%02d", t / 60, t % 60);
    }

    @Override
    public void close() {
        thread.interrupt();
        LOG.info(line());
        LOG.info("{}: {}", name, times.line()); // the tasks are done: their accumulators are merged
    }
}
