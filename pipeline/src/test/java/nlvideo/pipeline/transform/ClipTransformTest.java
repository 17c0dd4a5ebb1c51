package nlvideo.pipeline.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import nlvideo.model.Normalization;
import nlvideo.pipeline.clip.ClipWindow;
import nlvideo.pipeline.video.DecodedFrames;
import org.junit.jupiter.api.Test;

class ClipTransformTest {
    static final int W = 40, H = 30;

    private static DecodedFrames randomFrames(int count, long seed) {
        Random r = new Random(seed);
        Map<Integer, byte[]> m = new HashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] f = new byte[W * H * 3];
            r.nextBytes(f);
            m.put(i, f);
        }
        return DecodedFrames.of(W, H, m);
    }

    /** The tensor by the definition, one element at a time. */
    private static float[] expected(
            DecodedFrames frames,
            int[] idx,
            int y0,
            int x0,
            int ch,
            int cw,
            boolean flip,
            double[] mean,
            double[] std) {
        float[] out = new float[3 * idx.length * ch * cw];
        int p = 0;
        for (int c = 0; c < 3; c++) {
            for (int t = 0; t < idx.length; t++) {
                byte[] f = frames.frame(idx[t]);
                for (int y = 0; y < ch; y++) {
                    for (int x = 0; x < cw; x++) {
                        int sx = x0 + (flip ? cw - 1 - x : x);
                        int v = f[((y0 + y) * W + sx) * 3 + c] & 0xff;
                        out[p++] = (float) ((v - mean[c]) / std[c]);
                    }
                }
            }
        }
        return out;
    }

    private static void assertClose(float[] want, float[] got) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-5f, "element " + i);
        }
    }

    @Test
    void centreCropGrey() {
        DecodedFrames f = randomFrames(6, 1);
        int[] idx = {5, 0, 2, 2};
        ClipTensor t = new ClipTransform(Normalization.GREY).apply(f, new ClipWindow(0, idx), Crop.center(24));
        assertArrayEquals(new long[] {3, 4, 24, 24}, t.shape());
        double[] m = {114.75, 114.75, 114.75}, s = {57.375, 57.375, 57.375};
        assertClose(expected(f, idx, 3, 8, 24, 24, false, m, s), t.data());
    }

    @Test
    void threeCropsAlongTheLongSideImagenetFlipped() {
        DecodedFrames f = randomFrames(3, 2);
        int[] idx = {0, 1, 2};
        double[] m = {123.675, 116.28, 103.53}, s = {58.395, 57.12, 57.375};
        int[] xs = {0, 8, 16};
        for (int pos = 0; pos < 3; pos++) {
            ClipTensor t = new ClipTransform(Normalization.IMAGENET)
                    .apply(f, new ClipWindow(0, idx), Crop.three(24, pos).flipped());
            assertClose(expected(f, idx, 3, xs[pos], 24, 24, true, m, s), t.data());
        }
    }

    @Test
    void fullFrame() {
        DecodedFrames f = randomFrames(2, 3);
        int[] idx = {1, 0};
        ClipTensor t = new ClipTransform(Normalization.IMAGENET).apply(f, new ClipWindow(0, idx), Crop.full());
        double[] m = {123.675, 116.28, 103.53}, s = {58.395, 57.12, 57.375};
        assertClose(expected(f, idx, 0, 0, H, W, false, m, s), t.data());
    }

    @Test
    void portraitThreeCropMovesVertically() {
        assertArrayEquals(new int[] {0, 3, 24, 24}, Crop.three(24, 0).rectangle(40, 30));
        assertArrayEquals(new int[] {16, 3, 24, 24}, Crop.three(24, 2).rectangle(40, 30));
        assertThrows(IllegalArgumentException.class, () -> Crop.center(50).rectangle(40, 30));
    }
}
