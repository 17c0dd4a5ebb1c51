package nlvideo.pipeline.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import nlvideo.pipeline.aggregate.TopK;
import org.junit.jupiter.api.Test;

class AccuracyReportTest {
    private static final int C = 6;

    @Test
    void countsMissingAndFailedAsWrongAndMatchesPlainLoops() {
        Random rnd = new Random(3);
        List<VideoPrediction> videos = new ArrayList<>();
        Map<String, List<float[]>> clipsOf = new HashMap<>();
        for (int v = 0; v < 40; v++) {
            int truth = v % 5; // class 5 has no videos
            List<float[]> clips = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                float[] clip = new float[C];
                for (int c = 0; c < C; c++) {
                    clip[c] = (float) rnd.nextGaussian() + (c == truth ? 1f : 0f);
                }
                clips.add(clip);
            }
            float[] mean = new float[C];
            for (float[] clip : clips) {
                for (int c = 0; c < C; c++) {
                    mean[c] += clip[c] / clips.size();
                }
            }
            if (v % 13 == 4) {
                videos.add(VideoPrediction.missing("v" + v, new int[] {truth}));
            } else if (v % 17 == 6) {
                videos.add(VideoPrediction.failed("v" + v, new int[] {truth}));
            } else {
                int[] clipTop1 = new int[clips.size()];
                for (int k = 0; k < clips.size(); k++) {
                    clipTop1[k] = TopK.argmax(clips.get(k));
                }
                clipsOf.put("v" + v, clips);
                videos.add(VideoPrediction.predicted("v" + v, new int[] {truth}, mean, clipTop1));
            }
        }
        videos.add(VideoPrediction.predicted("unlabeled", new int[0], new float[C]));

        AccuracyReport r = AccuracyReport.compute(videos, C);

        int total = 0, top1 = 0, top5 = 0, missing = 0, failed = 0, clips = 0, clipHits = 0;
        int[] perVideos = new int[C];
        int[] perHits = new int[C];
        long[][] confusion = new long[C][C];
        for (VideoPrediction v : videos) {
            if (v.labels().length == 0) {
                continue;
            }
            int truth = v.labels()[0];
            total++;
            perVideos[truth]++;
            if (!v.isPredicted()) {
                missing += v.status() == VideoPrediction.Status.MISSING ? 1 : 0;
                failed += v.status() == VideoPrediction.Status.FAILED ? 1 : 0;
                continue;
            }
            int better = 0; // classes scoring strictly above the truth
            int best = 0;
            for (int c = 0; c < C; c++) {
                better += v.scores()[c] > v.scores()[truth] ? 1 : 0;
                best = v.scores()[c] > v.scores()[best] ? c : best;
            }
            top1 += better == 0 ? 1 : 0;
            perHits[truth] += better == 0 ? 1 : 0;
            top5 += better < 5 ? 1 : 0;
            confusion[truth][best]++;
            for (float[] clip : clipsOf.getOrDefault(v.videoId(), List.of())) {
                int b = 0;
                for (int c = 0; c < C; c++) {
                    b = clip[c] > clip[b] ? c : b;
                }
                clips++;
                clipHits += b == truth ? 1 : 0;
            }
        }
        double meanClass = 0;
        for (int c = 0; c < 5; c++) {
            meanClass += (double) perHits[c] / perVideos[c] / 5;
        }
        assertEquals(40, r.videos());
        assertEquals(total, r.videos());
        assertEquals(missing, r.missing());
        assertEquals(failed, r.failed());
        assertTrue(missing > 0 && failed > 0);
        assertEquals(1, r.unlabeled());
        assertEquals((double) top1 / total, r.top1(), 1e-12);
        assertEquals((double) top5 / total, r.top5(), 1e-12);
        assertEquals((double) top1 / r.predicted(), r.top1OfPredicted(), 1e-12);
        assertEquals(meanClass, r.meanClassAccuracy(), 1e-12);
        assertTrue(Double.isNaN(r.classAccuracy(5)));
        assertEquals(clips, r.clips());
        assertEquals((double) clipHits / clips, r.clipAccuracy(), 1e-12);
        for (int t = 0; t < C; t++) {
            for (int p = 0; p < C; p++) {
                assertEquals(confusion[t][p], r.confusion().count(t, p));
            }
        }
    }

    @Test
    void smallHandMadeCase() {
        List<VideoPrediction> videos = List.of(
                VideoPrediction.predicted("a", new int[] {0}, new float[] {3, 2, 1}),
                VideoPrediction.predicted("b", new int[] {1}, new float[] {3, 2, 1}),
                VideoPrediction.missing("c", new int[] {2}),
                VideoPrediction.predicted("d", new int[] {2}, new float[] {1, 1, 1}));
        AccuracyReport r = AccuracyReport.compute(videos, 3);
        assertEquals(0.25, r.top1(), 1e-12); // only a; ties go to class 0 for d
        assertEquals(0.75, r.top5(), 1e-12); // a, b, d; the missing c is wrong
        assertEquals((1.0 + 0.0 + 0.0) / 3, r.meanClassAccuracy(), 1e-12);
        assertEquals(1, r.confusion().count(1, 0));
        Table cells = r.confusion().toTable(c -> "k" + c);
        assertEquals(3, cells.rows().size());
        assertEquals(java.util.List.of("k2", "k0", "1"), cells.rows().get(2));
        assertThrows(
                IllegalArgumentException.class,
                () -> AccuracyReport.compute(
                        List.of(VideoPrediction.predicted("m", new int[] {0, 1}, new float[3])), 3));
        assertThrows(
                IllegalArgumentException.class,
                () -> AccuracyReport.compute(List.of(VideoPrediction.predicted("w", new int[] {0}, new float[2])), 3));
    }
}
