package nlvideo.pipeline.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import nlvideo.pipeline.aggregate.VideoAggregator.Method;
import org.junit.jupiter.api.Test;

class VideoAggregatorTest {
    private static final int CLASSES = 7;

    private static List<float[]> randomClips(long seed, int clips) {
        Random rnd = new Random(seed);
        List<float[]> out = new ArrayList<>();
        for (int c = 0; c < clips; c++) {
            float[] v = new float[CLASSES];
            for (int i = 0; i < CLASSES; i++) {
                v[i] = (float) (rnd.nextGaussian() * 4 + (c == 0 ? 50 : 0)); // one clip with large logits
            }
            out.add(v);
        }
        return out;
    }

    /** Softmax written out plainly: exp(x_i) / sum exp(x_j), shifted by the max only to avoid overflow. */
    private static double[] plainSoftmax(float[] x) {
        double m = x[0];
        for (float v : x) {
            if (v > m) {
                m = v;
            }
        }
        double z = 0;
        for (float v : x) {
            z += Math.exp(v - m);
        }
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            p[i] = Math.exp(x[i] - m) / z;
        }
        return p;
    }

    @Test
    void meanOfSoftmaxMatchesPlainLoops() {
        List<float[]> clips = randomClips(1, 5);
        float[] got = new VideoAggregator().aggregate(clips);
        for (int i = 0; i < CLASSES; i++) {
            double sum = 0;
            for (float[] clip : clips) {
                sum += plainSoftmax(clip)[i];
            }
            assertEquals(sum / clips.size(), got[i], 1e-6);
        }
        double total = 0;
        for (float v : got) {
            total += v;
        }
        assertEquals(1.0, total, 1e-5);
    }

    @Test
    void maxOfSoftmaxAndMeanOfLogitsMatchPlainLoops() {
        List<float[]> clips = randomClips(2, 4);
        float[] max = new VideoAggregator(Method.MAX_SOFTMAX).aggregate(clips);
        float[] logits = new VideoAggregator(Method.MEAN_LOGITS).aggregate(clips);
        for (int i = 0; i < CLASSES; i++) {
            double best = 0;
            double sum = 0;
            for (float[] clip : clips) {
                best = Math.max(best, plainSoftmax(clip)[i]);
                sum += clip[i];
            }
            assertEquals(best, max[i], 1e-6);
            assertEquals(sum / clips.size(), logits[i], 1e-5);
        }
    }

    @Test
    void partialsMergeInAnyOrderToTheSameResult() {
        List<float[]> clips = randomClips(3, 6);
        for (Method m : Method.values()) {
            VideoAggregator agg = new VideoAggregator(m);
            PartialAggregate a = agg.start().add(clips.get(4)).add(clips.get(0));
            PartialAggregate b = agg.start().add(clips.get(2));
            PartialAggregate c = agg.start().add(clips.get(5)).add(clips.get(1)).add(clips.get(3));
            PartialAggregate merged =
                    agg.start().merge(c).merge(a).merge(agg.start()).merge(b);
            assertEquals(6, merged.clips());
            assertArrayEquals(agg.aggregate(clips), merged.result(), 1e-6f, m.name());
        }
    }

    /**
     * A fully convolutional head hands over probabilities: the mean and the max are taken of them as
     * they are (no softmax of a softmax, no log round trip), and mean-logits is refused.
     */
    @Test
    void probabilitiesAreAveragedAsTheyAre() {
        List<float[]> probs = new ArrayList<>();
        for (float[] logits : randomClips(4, 5)) {
            double[] p = plainSoftmax(logits);
            float[] f = new float[p.length];
            for (int i = 0; i < p.length; i++) {
                f[i] = (float) p[i];
            }
            probs.add(f);
        }
        float[] mean = new VideoAggregator(Method.MEAN_SOFTMAX, true).aggregate(probs);
        float[] max = new VideoAggregator(Method.MAX_SOFTMAX, true).aggregate(probs);
        for (int i = 0; i < CLASSES; i++) {
            double sum = 0;
            double best = 0;
            for (float[] p : probs) {
                sum += p[i];
                best = Math.max(best, p[i]);
            }
            assertEquals(sum / probs.size(), mean[i], 1e-7);
            assertEquals(best, max[i], 0);
        }
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new VideoAggregator(Method.MEAN_LOGITS, true));
        assertTrue(e.getMessage().contains("probabilities"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new VideoAggregator(Method.MEAN_SOFTMAX, true)
                        .start()
                        .merge(new VideoAggregator(Method.MEAN_SOFTMAX, false).start()));
    }

    @Test
    void rejectsEmptyAndMismatchedInput() {
        VideoAggregator agg = new VideoAggregator();
        assertThrows(IllegalStateException.class, () -> agg.aggregate(List.of()));
        assertThrows(IllegalArgumentException.class, () -> agg.aggregate(List.of(new float[3], new float[4])));
        assertThrows(IllegalArgumentException.class, () -> agg.start().add(new float[0]));
        assertThrows(
                IllegalArgumentException.class,
                () -> agg.start().merge(new VideoAggregator(Method.MAX_SOFTMAX).start()));
        assertEquals(Method.MAX_SOFTMAX, Method.parse("max"));
        assertEquals(Method.MEAN_LOGITS, Method.parse("Mean-Logits"));
        assertThrows(IllegalArgumentException.class, () -> Method.parse("median"));
    }
}
