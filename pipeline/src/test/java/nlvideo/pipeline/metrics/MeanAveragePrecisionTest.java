package nlvideo.pipeline.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MeanAveragePrecisionTest {
    private static final int C = 4;

    @Test
    void meansOverClassesWithPositivesAndRanksMissingVideosLast() {
        Random rnd = new Random(5);
        List<VideoPrediction> videos = new ArrayList<>();
        int n = 12;
        int[][] labels = new int[n][];
        for (int v = 0; v < n; v++) {
            // class 3 never occurs; video 5 has no labels
            labels[v] = v == 5 ? new int[0] : (v % 3 == 0 ? new int[] {0, 1} : new int[] {v % 3});
            float[] s = new float[C];
            for (int c = 0; c < C; c++) {
                s[c] = rnd.nextInt(4) / 4f;
            }
            if (v == 7) {
                videos.add(VideoPrediction.missing("v" + v, labels[v]));
            } else if (v == 8) {
                videos.add(VideoPrediction.failed("v" + v, labels[v]));
            } else {
                videos.add(VideoPrediction.predicted("v" + v, labels[v], s));
            }
        }
        MeanAveragePrecision m = MeanAveragePrecision.compute(videos, C);

        double sum = 0;
        double sumOfficial = 0;
        double weighted = 0;
        int evaluated = 0;
        int totalPositives = 0;
        for (int c = 0; c < C; c++) {
            double[] s = new double[n];
            boolean[] y = new boolean[n];
            for (int v = 0; v < n; v++) {
                VideoPrediction p = videos.get(v);
                s[v] = p.isPredicted() ? p.scores()[c] : Double.NEGATIVE_INFINITY;
                for (int l : labels[v]) {
                    y[v] |= l == c;
                }
            }
            int pos = 0;
            for (boolean b : y) {
                pos += b ? 1 : 0;
            }
            assertEquals(pos, m.positives(c));
            if (pos == 0) {
                assertTrue(Double.isNaN(m.ap(c)));
                continue;
            }
            evaluated++;
            totalPositives += pos;
            sum += BruteForceAp.sklearn(s, y);
            sumOfficial += BruteForceAp.matlab(s, y);
            weighted += pos * BruteForceAp.matlab(s, y);
            assertEquals(BruteForceAp.sklearn(s, y), m.ap(c), 1e-12);
        }
        assertEquals(3, evaluated);
        assertEquals(3, m.classesEvaluated());
        assertEquals(sum / evaluated, m.map(), 1e-12);
        assertEquals(sumOfficial / evaluated, m.officialMap(), 1e-12);
        assertEquals(weighted / totalPositives, m.officialWeightedMap(), 1e-12);
        assertEquals(12, m.videos());
        assertEquals(1, m.missing());
        assertEquals(1, m.failed());
        assertEquals(10, m.predicted());
    }

    @Test
    void perfectScoresGiveOneAndAMissingPositiveCostsPrecision() {
        List<VideoPrediction> videos = List.of(
                VideoPrediction.predicted("a", new int[] {0}, new float[] {0.9f, 0.1f}),
                VideoPrediction.predicted("b", new int[] {1}, new float[] {0.2f, 0.8f}));
        assertEquals(1.0, MeanAveragePrecision.compute(videos, 2).map(), 1e-12);
        List<VideoPrediction> withMissing = new ArrayList<>(videos);
        withMissing.add(VideoPrediction.missing("c", new int[] {0}));
        MeanAveragePrecision m = MeanAveragePrecision.compute(withMissing, 2);
        // class 0: ranking a(+), b(-), c(+ at -inf): precisions 1 and 2/3
        assertEquals((1 + 2.0 / 3) / 2, m.ap(0), 1e-12);
        assertEquals(1.0, m.ap(1), 1e-12);
        assertEquals(((1 + 2.0 / 3) / 2 + 1) / 2, m.map(), 1e-12);
        assertTrue(m.summaryTable().toMarkdown().contains("| missing | 1 |"));
    }
}
