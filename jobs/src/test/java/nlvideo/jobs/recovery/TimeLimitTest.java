package nlvideo.jobs.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;

/** Work that hangs in native code ends as the timeout result, and the next work gets a fresh thread. */
class TimeLimitTest {

    @Test
    void aNativeHangEndsAtTheLimitAndTheNextWorkRuns() throws Exception {
        try (TimeLimit limit = new TimeLimit("test-limit", Duration.ofMillis(300))) {
            int abandoned = TimeLimit.abandonedThreads();
            long start = System.nanoTime();
            String r = limit.run(
                    () -> {
                        while (true) {
                            avutil.av_usleep(100_000); // native sleep: deaf to interrupts
                        }
                    },
                    () -> "timeout");
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals("timeout", r);
            assertTrue(seconds < 5, "returned after " + seconds + " s");
            assertEquals(abandoned + 1, TimeLimit.abandonedThreads());
            assertEquals("next", limit.run(() -> "next", () -> "timeout"));
            assertEquals(abandoned + 1, TimeLimit.abandonedThreads());
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> limit.run(
                            () -> {
                                throw new IllegalStateException("bad file");
                            },
                            () -> "timeout"));
            assertEquals("bad file", e.getMessage());
        }
    }

    @Test
    void zeroMeansNoLimit() throws Exception {
        try (TimeLimit none = new TimeLimit("none", Duration.ZERO)) {
            assertEquals(
                    Thread.currentThread().getName(),
                    none.run(() -> Thread.currentThread().getName(), () -> "x"));
        }
    }
}
