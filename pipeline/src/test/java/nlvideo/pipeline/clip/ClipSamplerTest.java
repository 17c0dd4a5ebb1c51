package nlvideo.pipeline.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.List;
import nlvideo.model.ModelPresets;
import nlvideo.model.TestProtocol;
import nlvideo.pipeline.video.DecodedFrames;
import nlvideo.pipeline.video.FrameIndexPattern;
import nlvideo.pipeline.video.SampleVideos;
import nlvideo.pipeline.video.VideoDecoder;
import nlvideo.pipeline.video.VideoInfo;
import nlvideo.pipeline.video.VideoProbe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipSamplerTest {
    @TempDir
    static Path dir;

    static Path video;
    static VideoInfo info;
    static final int N = 75;

    @BeforeAll
    static void write() throws Exception {
        video = dir.resolve("clip.mp4");
        SampleVideos.write(video, SampleVideos.Format.H264_MP4, 64, 48, 30, N);
        info = VideoProbe.probe(video);
    }

    /** Decodes the windows from the real file and checks each frame shows the expected index. */
    private static void assertDecodesTo(List<ClipWindow> windows, int[][] expected) throws Exception {
        assertEquals(expected.length, windows.size());
        DecodedFrames frames = new VideoDecoder(32).decode(video, info, windows);
        for (int c = 0; c < expected.length; c++) {
            ClipWindow w = windows.get(c);
            assertEquals(c, w.clipIndex());
            assertArrayEquals(expected[c], w.frameIndices(), "clip " + c);
            for (int t = 0; t < w.length(); t++) {
                byte[] f = frames.frame(w.frameIndex(t));
                assertEquals(
                        expected[c][t],
                        FrameIndexPattern.decode(f, frames.width(), frames.height()),
                        "clip " + c + " frame " + t);
            }
        }
    }

    @Test
    void caffe2StartsAtFloorNjOverKAndWraps() throws Exception {
        int k = 10, t = 8, s = 4;
        int[][] expected = new int[k][t];
        for (int j = 0; j < k; j++) {
            int start = Math.floorDiv(N * j, k);
            for (int i = 0; i < t; i++) {
                expected[j][i] = (start + i * s) % N;
            }
        }
        assertTrue(expected[9][7] < expected[9][0], "the last clip wraps");
        assertDecodesTo(new Caffe2ClipSampler(SamplingParams.of(t, s, k)).sample(N, 30), expected);
    }

    /**
     * The reference computes clip starts in float32 ({@code float frame_gaps = (float) N / (float)
     * sample_times; (int) (frame_gaps * start_frm) % N}). With the paper's 10 clips that is floor(N j
     * / K) for every N up to 20,000 (checked with numpy float32); with 30 clips of a 70-frame video,
     * 70 / 30 rounds to 2.3333333f and clip 27 starts at 2.3333333f * 27 = 62.999996f, frame 62, where
     * exact arithmetic gives 63.
     */
    @Test
    void caffe2StartsAreComputedInFloat32LikeTheReference() {
        assertEquals(
                62,
                new Caffe2ClipSampler(SamplingParams.of(1, 1, 30))
                        .sample(70, 30)
                        .get(27)
                        .frameIndex(0));
        assertEquals(63, 70 * 27 / 30, "exact arithmetic would differ");
        for (int n = 1; n <= 2000; n++) {
            List<ClipWindow> clips = new Caffe2ClipSampler(SamplingParams.of(1, 1, 10)).sample(n, 30);
            for (int j = 0; j < 10; j++) {
                assertEquals(Math.floorDiv(n * j, 10), clips.get(j).frameIndex(0), "N " + n + " clip " + j);
            }
        }
    }

    /**
     * The pyslowfast preset counts its stride at PySlowFast's DATA.TARGET_FPS 30 (decoder.py:
     * clip_size = sampling_rate * num_frames / target_fps * fps), so a clip spans 8 x 8 / 30 = 2.13 s
     * whatever the video's rate: 64 frames of a 30 fps video, 128 of a 60 fps one.
     */
    @Test
    void pySlowFastPresetSamplesAtTargetFps30() {
        TestProtocol preset = ModelPresets.load("pyslowfast-i3d-nln-8x8-r50").input();
        assertEquals(30.0, preset.targetFps());
        assertEquals(
                "10 clips x 3 crops of 8 frames at stride 8 (pyslowfast sampling, 30 fps timeline), short side 256,"
                        + " crop 256, grey normalisation, deinterlace auto",
                new ClipProtocol(preset).describe(),
                "the protocol in summary.json, in words");
        ClipSampler sampler = new ClipProtocol(preset).sampler();
        int[] at30 = sampler.sample(300, 30).get(0).frameIndices();
        int[] at60 = sampler.sample(600, 60).get(0).frameIndices();
        // clip 0: torch.linspace(0, span - 1, 8) truncated, span 64 and 128 (values from python3 torch)
        assertArrayEquals(new int[] {0, 9, 18, 27, 36, 45, 54, 63}, at30);
        assertArrayEquals(new int[] {0, 18, 36, 54, 72, 90, 108, 127}, at60);
    }

    @Test
    void pySlowFastLinspaceClamped() throws Exception {
        int k = 3, t = 8, s = 2;
        int[][] expected = new int[k][t];
        double span = t * s;
        double delta = Math.max(N - span, 0);
        for (int j = 0; j < k; j++) {
            double start = delta * j / k;
            double end = start + span - 1;
            for (int i = 0; i < t; i++) {
                double v = start + (end - start) * i / (t - 1);
                expected[j][i] = (int) Math.floor(Math.min(Math.max(v, 0), N - 1));
            }
        }
        assertDecodesTo(new PySlowFastClipSampler(SamplingParams.of(t, s, k)).sample(N, 30), expected);
    }

    @Test
    void pySlowFastWorkedExamples() {
        ClipSampler plain = new PySlowFastClipSampler(SamplingParams.of(4, 2, 2));
        // span 8, delta 92: linspace(0, 7, 4) and linspace(46, 53, 4)
        assertArrayEquals(new int[] {0, 2, 4, 7}, plain.sample(100, 30).get(0).frameIndices());
        assertArrayEquals(
                new int[] {46, 48, 50, 53}, plain.sample(100, 30).get(1).frameIndices());
        // a 60 fps video at target 30 fps: span 16, delta 84, clip 1 = linspace(42, 57, 4)
        ClipSampler resampled =
                new PySlowFastClipSampler(SamplingParams.of(4, 2, 2).withTargetFps(30));
        assertArrayEquals(
                new int[] {42, 47, 52, 57}, resampled.sample(100, 60).get(1).frameIndices());
        // shorter than a clip: clamped to the last frame
        assertArrayEquals(
                new int[] {0, 2, 4, 6, 6, 6},
                new PySlowFastClipSampler(SamplingParams.of(6, 2, 1))
                        .sample(7, 30)
                        .get(0)
                        .frameIndices());
    }

    @Test
    void mmaction2RoundedOffsetsLooping() throws Exception {
        int k = 4, t = 8, s = 3;
        int[][] expected = new int[k][t];
        int maxOffset = Math.max(N - t * s, 0);
        for (int j = 0; j < k; j++) {
            int start = new BigDecimal(j * maxOffset)
                    .divide(new BigDecimal(k - 1), 0, RoundingMode.HALF_EVEN)
                    .intValue();
            for (int i = 0; i < t; i++) {
                expected[j][i] = (start + i * s) % N;
            }
        }
        assertDecodesTo(new MmAction2ClipSampler(SamplingParams.of(t, s, k)).sample(N, 30), expected);
        // N 13, L 8: offsets round(0, 2.5, 5) = 0, 2 (half to even), 5; K 1: max_offset // 2
        ClipSampler three = new MmAction2ClipSampler(SamplingParams.of(4, 2, 3));
        assertEquals(2, three.sample(13, 30).get(1).frameIndex(0));
        assertEquals(5, three.sample(13, 30).get(2).frameIndex(0));
        assertEquals(
                2,
                new MmAction2ClipSampler(SamplingParams.of(4, 2, 1))
                        .sample(13, 30)
                        .get(0)
                        .frameIndex(0));
        assertArrayEquals(
                new int[] {0, 2, 4, 1},
                new MmAction2ClipSampler(SamplingParams.of(4, 2, 1))
                        .sample(5, 30)
                        .get(0)
                        .frameIndices(),
                "loops past the end");
    }

    @Test
    void randomIsSeededAndInRange() throws Exception {
        SamplingParams p = SamplingParams.of(8, 2, 5).withSeed(7);
        List<ClipWindow> a = new RandomClipSampler(p).sample(N, 30);
        assertEquals(a, new RandomClipSampler(p).sample(N, 30), "same seed, same clips");
        assertNotEquals(a, new RandomClipSampler(p.withSeed(8)).sample(N, 30));
        int[][] expected = new int[a.size()][];
        for (int c = 0; c < a.size(); c++) {
            int[] idx = a.get(c).frameIndices();
            double start = idx[0];
            for (int i = 1; i < idx.length; i++) {
                assertTrue(idx[i] >= idx[i - 1] && idx[i] < N, "increasing and in range");
            }
            assertTrue(idx[idx.length - 1] - start <= 15 && idx[idx.length - 1] - start >= 13, "spans T x s - 1");
            expected[c] = idx;
        }
        assertDecodesTo(a, expected);
    }

    @Test
    void denseEveryIntervalWhileAClipFits() throws Exception {
        int t = 8, s = 2;
        double interval = 0.5;
        List<ClipWindow> w = new DenseClipSampler(SamplingParams.of(t, s, 1).withDenseInterval(interval)).sample(N, 30);
        // starts every 15 frames while start + 14 < 75: 0, 15, 30, 45, 60
        int[][] expected = new int[5][t];
        for (int c = 0; c < 5; c++) {
            for (int i = 0; i < t; i++) {
                expected[c][i] = 15 * c + i * s;
            }
        }
        assertDecodesTo(w, expected);
        assertEquals(
                1,
                new DenseClipSampler(SamplingParams.of(t, s, 1)).sample(5, 30).size(),
                "a short video still gives one clip");
    }

    @Test
    void emptyVideo() {
        assertThrows(
                IllegalArgumentException.class, () -> new Caffe2ClipSampler(SamplingParams.of(8, 8, 1)).sample(0, 30));
    }
}
