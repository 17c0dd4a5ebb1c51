package nlvideo.jobs.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nlvideo.pipeline.aggregate.VideoAggregator;
import org.junit.jupiter.api.Test;

/** The per-video fold that Spark's aggregateByKey runs: views in any split and order, merged. */
class VideoFoldTest {

    private static ClipResult view(int clip, float[] scores, float[] features) {
        return new ClipResult("v", clip, 0, clip, clip + 1, scores, features, null, null, 0, 0, 0);
    }

    @Test
    void probabilitiesAreAveragedAsTheHeadGaveThem() {
        float[][] p = {{0.7f, 0.2f, 0.1f}, {0.1f, 0.6f, 0.3f}, {0.2f, 0.2f, 0.6f}};
        VideoAggregator mean = new VideoAggregator(VideoAggregator.Method.MEAN_SOFTMAX, true);
        VideoFold a = new VideoFold(mean).add(view(0, p[0], new float[] {1, 2}));
        VideoFold b = new VideoFold(mean).add(view(1, p[1], new float[] {3, 4})).add(view(2, p[2], new float[] {5, 9}));
        VideoFold all = a.merge(b);
        for (int k = 0; k < 3; k++) {
            // the mean of the probabilities themselves, not of softmax(log p) rounded through float logs
            assertEquals((p[0][k] + p[1][k] + p[2][k]) / 3.0, all.scores()[k], 1e-7);
        }
        assertEquals(3, all.views());
        assertArrayEquals(new int[] {0, 1, 2}, all.viewTop1());
        assertArrayEquals(new float[] {3, 5}, all.meanFeature(), 0f);
    }

    @Test
    void manyViewsKeepEveryTop1InArrivalOrder() {
        VideoAggregator agg = new VideoAggregator();
        VideoFold fold = new VideoFold(agg);
        int[] expected = new int[5000];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = i % 4;
            float[] logits = new float[4];
            logits[expected[i]] = 5;
            fold.add(view(i, logits, null));
        }
        VideoFold other = new VideoFold(agg).add(view(9, new float[] {0, 0, 0, 1}, null));
        fold.merge(other);
        int[] got = fold.viewTop1();
        assertEquals(5001, got.length);
        assertArrayEquals(expected, java.util.Arrays.copyOf(got, 5000));
        assertEquals(3, got[5000]);
        assertEquals(null, fold.meanFeature());
    }

    @Test
    void aFailedUnitMakesTheVideoAnErrorKeepingTheFirstReason() {
        VideoAggregator agg = new VideoAggregator();
        VideoFold fold = new VideoFold(agg)
                .add(view(0, new float[] {1, 0}, null))
                .add(ClipResult.failure("v", "corrupt", "first"));
        fold.merge(new VideoFold(agg).add(ClipResult.failure("v", "timeout", "second")));
        assertTrue(fold.failed());
        assertEquals("corrupt", fold.errorKind());
        assertEquals("first", fold.errorMessage());
    }
}
