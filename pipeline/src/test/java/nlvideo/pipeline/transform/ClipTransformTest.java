package nlvideo.pipeline.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import nlvideo.model.Normalization;
import nlvideo.model.TestProtocol;
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
        ClipTensor t = new ClipTransform(Normalization.GREY)
                .apply(f, new ClipWindow(0, idx), Crop.center(24, TestProtocol.Sampling.CAFFE2));
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
                    .apply(
                            f,
                            new ClipWindow(0, idx),
                            Crop.three(24, pos, TestProtocol.Sampling.PYSLOWFAST)
                                    .flipped());
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
        for (TestProtocol.Sampling source : TestProtocol.Sampling.values()) {
            assertArrayEquals(
                    new int[] {0, 3, 24, 24}, Crop.three(24, 0, source).rectangle(40, 30));
            assertArrayEquals(
                    new int[] {16, 3, 24, 24}, Crop.three(24, 2, source).rectangle(40, 30));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> Crop.center(50, source).rectangle(40, 30));
        }
    }

    /**
     * Odd slack, the case where the sources differ. A 341x256 frame (the short side scaled to 256)
     * and the fully convolutional 256 crop: slack 85 along the width.
     */
    @Test
    void cropOffsetsFollowEachSourceWhenTheSlackIsOdd() {
        // PySlowFast uniform_crop: x_offset = int(math.ceil((341 - 256) / 2)) = 43; spatial_idx 2: 341 - 256 = 85
        assertArrayEquals(
                new int[] {0, 43, 256, 256},
                Crop.center(256, TestProtocol.Sampling.PYSLOWFAST).rectangle(256, 341));
        assertArrayEquals(
                new int[] {0, 85, 256, 256},
                Crop.three(256, 2, TestProtocol.Sampling.PYSLOWFAST).rectangle(256, 341));
        // Caffe2 ClipTransformFlex: w_off = (341 - 256) / 2 = 42 (h_off = 0), times spatial_pos 2 = 84;
        // mmaction2 ThreeCrop: w_step = (341 - 256) // 2 = 42, right crop at 2 * w_step = 84
        for (TestProtocol.Sampling source : List.of(TestProtocol.Sampling.CAFFE2, TestProtocol.Sampling.MMACTION2)) {
            assertArrayEquals(
                    new int[] {0, 42, 256, 256}, Crop.center(256, source).rectangle(256, 341));
            assertArrayEquals(
                    new int[] {0, 0, 256, 256}, Crop.three(256, 0, source).rectangle(256, 341));
            assertArrayEquals(
                    new int[] {0, 42, 256, 256}, Crop.three(256, 1, source).rectangle(256, 341));
            assertArrayEquals(
                    new int[] {0, 84, 256, 256}, Crop.three(256, 2, source).rectangle(256, 341));
        }
        // Caffe2 moves along the height whenever it has slack (h_off > 0), even in a landscape frame:
        // 320x256 frame, 224 crop: h_off = 16, w_off = 48 -> rows 0, 16, 32 at column 48
        assertArrayEquals(
                new int[] {32, 48, 224, 224},
                Crop.three(224, 2, TestProtocol.Sampling.CAFFE2).rectangle(256, 320));
        // PySlowFast moves along the longer side (the width): column 320 - 224 = 96, row ceil(32 / 2) = 16
        assertArrayEquals(
                new int[] {16, 96, 224, 224},
                Crop.three(224, 2, TestProtocol.Sampling.PYSLOWFAST).rectangle(256, 320));
    }
}
