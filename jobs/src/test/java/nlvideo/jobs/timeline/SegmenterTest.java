package nlvideo.jobs.timeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Smoothing, thresholds, merging and dropping, on hand-made step probabilities. */
class SegmenterTest {

    /** Steps of one second; step k's distribution puts {@code p} on {@code top[k]}, the rest spread evenly. */
    private static float[][] steps(int classes, int[] top, float[] p) {
        float[][] out = new float[top.length][classes];
        for (int k = 0; k < top.length; k++) {
            for (int c = 0; c < classes; c++) {
                out[k][c] = (1 - p[k]) / (classes - 1);
            }
            out[k][top[k]] = p[k];
        }
        return out;
    }

    private static double[] grid(int n, double step, double duration) {
        double[] g = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            g[k] = Math.min(k * step, duration);
        }
        return g;
    }

    private static List<Segment> segments(Segmenter s, float[][] probs, double step, double duration) {
        double[] g = grid(probs.length, step, duration);
        double[] starts = java.util.Arrays.copyOfRange(g, 0, probs.length);
        double[] ends = java.util.Arrays.copyOfRange(g, 1, probs.length + 1);
        return s.segments(starts, ends, probs);
    }

    @Test
    void adjacentStepsOfOneLabelMergeWithTheirMeanScore() {
        float[][] p = steps(3, new int[] {0, 0, 0, 2, 2}, new float[] {0.9f, 0.8f, 0.7f, 0.6f, 0.9f});
        List<Segment> s = segments(new Segmenter(1, 0, 0), p, 1, 5);
        assertEquals(round(List.of(new Segment(0, 3, 0, (0.9 + 0.8 + 0.7) / 3), new Segment(3, 5, 2, 0.75))), round(s));
    }

    @Test
    void stepsAtOrBelowTheThresholdBreakSegments() {
        float[][] p = steps(3, new int[] {1, 1, 1, 1}, new float[] {0.9f, 0.4f, 0.9f, 0.9f});
        List<Segment> s = segments(new Segmenter(1, 0, 0.5), p, 1, 4);
        assertEquals(List.of(new Segment(0, 1, 1, 0.9), new Segment(2, 4, 1, 0.9)), round(s));
    }

    @Test
    void theMovingAverageSpansSmoothSecondsAndRemovesAOneStepBlip() {
        Segmenter s = new Segmenter(1, 2, 0);
        assertEquals(1, s.halfWidth());
        assertEquals(0, new Segmenter(1, 1.5, 0).halfWidth());
        assertEquals(2, new Segmenter(0.5, 2, 0).halfWidth());
        float[][] p = steps(2, new int[] {0, 0, 1, 0, 0}, new float[] {0.9f, 0.9f, 0.6f, 0.9f, 0.9f});
        float[][] smoothed = s.smooth(p);
        // step 2: mean of steps 1..3 for class 0: (0.9 + 0.4 + 0.9) / 3; step 0: mean of steps 0..1
        assertEquals((0.9f + 0.4f + 0.9f) / 3, smoothed[2][0], 1e-6);
        assertEquals(0.9f, smoothed[0][0], 1e-6);
        assertEquals(List.of(0), labels(segments(s, p, 1, 5)));
        assertEquals(List.of(0, 1, 0), labels(segments(new Segmenter(1, 0, 0), p, 1, 5)));
    }

    @Test
    void aSpanShorterThanOneStepIsDropped() {
        float[][] p = steps(2, new int[] {0, 0, 1}, new float[] {0.9f, 0.9f, 0.9f});
        List<Segment> s = segments(new Segmenter(1, 0, 0), p, 1, 2.4); // last step 0.4 s
        assertEquals(List.of(new Segment(0, 2, 0, 0.9)), round(s));
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Segmenter(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Segmenter(1, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Segmenter(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Segmenter(1, 0, -0.1));
        assertArrayEquals(new float[0][], new Segmenter(1, 0, 0).smooth(new float[0][]));
    }

    private static List<Integer> labels(List<Segment> s) {
        return s.stream().map(Segment::label).toList();
    }

    /** Mean scores to 6 decimals: they are float sums. */
    private static List<Segment> round(List<Segment> s) {
        return s.stream()
                .map(x -> new Segment(x.start(), x.end(), x.label(), Math.round(x.meanScore() * 1e6) / 1e6))
                .toList();
    }
}
