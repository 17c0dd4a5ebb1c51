package nlvideo.pipeline.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import nlvideo.pipeline.clip.ClipWindow;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoDecoderTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void writeSamples() throws Exception {
        SampleVideos.writeAssorted(dir);
        SampleVideos.write(
                dir.resolve("long.mp4"),
                SampleVideos.Format.H264_MP4,
                64,
                48,
                30,
                1200,
                SampleVideos.Extras.NONE.withGop(250));
        SampleVideos.write(
                dir.resolve("faststart.mp4"),
                SampleVideos.Format.H264_MP4,
                64,
                48,
                30,
                90,
                SampleVideos.Extras.NONE.withFaststart());
        SampleVideos.truncate(dir.resolve("faststart.mp4"), dir.resolve("truncated-faststart.mp4"), 0.6);
    }

    private static int[] range(int from, int to) {
        return IntStream.range(from, to).toArray();
    }

    /** Every returned frame shows the index it is filed under. */
    private static void assertShowsOwnIndex(DecodedFrames frames, int[] indices, String what) {
        for (int i : indices) {
            assertEquals(
                    i,
                    FrameIndexPattern.decode(frames.frame(i), frames.width(), frames.height()),
                    what + " frame " + i);
        }
    }

    @Test
    void everyFormatDecodesEveryFrameInOrder() throws Exception {
        VideoDecoder decoder = new VideoDecoder(48);
        for (String name : List.of("h264.mp4", "mpeg4.avi", "mpeg4.mkv", "vp9.webm", "mjpeg.avi", "with-audio.mp4")) {
            Path p = dir.resolve(name);
            VideoInfo info = VideoProbe.probe(p);
            int n = (int) info.frameCount();
            DecodedFrames frames = decoder.decodeIndices(p, info, range(0, n));
            assertEquals(48, frames.height(), name);
            assertEquals(64, frames.width(), name);
            assertEquals(0, frames.paddedIndices(), name);
            assertShowsOwnIndex(frames, range(0, n), name);
        }
    }

    @Test
    void sparseWindowsGetExactlyTheirFrames() throws Exception {
        Path p = dir.resolve("h264.mp4");
        List<ClipWindow> windows =
                List.of(new ClipWindow(0, new int[] {3, 5, 7}), new ClipWindow(1, new int[] {7, 20, 44}));
        DecodedFrames frames = new VideoDecoder(32).decode(p, windows);
        assertEquals(java.util.Set.of(3, 5, 7, 20, 44), frames.asMap().keySet());
        assertShowsOwnIndex(frames, new int[] {3, 5, 7, 20, 44}, "h264");
    }

    @Test
    void longGapsAreSeekedAcrossWithTheSameFrames() throws Exception {
        Path p = dir.resolve("long.mp4");
        VideoInfo info = VideoProbe.probe(p);
        int[] wanted = {0, 1, 2, 599, 600, 1000, 1001, 1199};
        DecodedFrames frames = new VideoDecoder(48).decodeIndices(p, info, wanted);
        assertShowsOwnIndex(frames, wanted, "long");
        assertTrue(frames.decodedFrameCount() < 1200, "seeking skipped frames: decoded " + frames.decodedFrameCount());
    }

    @Test
    void rotationIsApplied() throws Exception {
        Path p = dir.resolve("portrait-rotated.mp4");
        DecodedFrames frames = new VideoDecoder(48).decodeIndices(p, VideoProbe.probe(p), range(0, 30));
        assertEquals(48, frames.width());
        assertEquals(80, frames.height());
        assertShowsOwnIndex(frames, range(0, 30), "portrait");
    }

    /**
     * forEachFrame hands over every frame once, in order, at 30 fps timestamps, in stored
     * orientation: turned by the video's rotation each shows its own index, as decodeIndices'
     * frames do.
     */
    @Test
    void everyFrameInOrderInStoredOrientation() throws Exception {
        Path p = dir.resolve("portrait-rotated.mp4");
        VideoInfo info = VideoProbe.probe(p);
        assertEquals(90, info.rotation());
        List<Long> times = new java.util.ArrayList<>();
        long n = new VideoDecoder(48).forEachFrame(p, info, (rgb, w, h, micros) -> {
            assertEquals(80, w, "stored width: the displayed 48x80, turned back");
            assertEquals(48, h);
            int k = times.size();
            assertEquals(k, FrameIndexPattern.decode(Rotation.rotate(rgb, w, h, 90), h, w), "frame " + k);
            times.add(micros);
        });
        assertEquals(30, n);
        assertEquals(30, times.size());
        for (int k = 0; k < 30; k++) {
            assertEquals(k * 1e6 / 30, times.get(k) - times.get(0), 1000, "timestamp of frame " + k);
        }
    }

    @Test
    void oddOutputSize() throws Exception {
        Path p = dir.resolve("odd-321x241.avi");
        DecodedFrames frames = new VideoDecoder(241).decodeIndices(p, VideoProbe.probe(p), range(0, 30));
        assertEquals(321, frames.width());
        assertEquals(241, frames.height());
        assertShowsOwnIndex(frames, range(0, 30), "odd");
        DecodedFrames stored = new VideoDecoder(0).decodeIndices(p, VideoProbe.probe(p), new int[] {4});
        assertEquals(322, stored.width());
        assertShowsOwnIndex(stored, new int[] {4}, "odd stored size");
    }

    @Test
    void variableFrameRateFollowsTimestamps() throws Exception {
        Path p = dir.resolve("vfr.mkv");
        VideoInfo info = VideoProbe.probe(p);
        double fps = info.avgFps();
        int n = 40;
        double lastShown = SampleVideos.variableRateSlot(n - 1) / 30.0;
        int count = (int) Math.floor(lastShown * fps);
        DecodedFrames frames = new VideoDecoder(48).decodeIndices(p, info, range(0, count));
        int checked = 0;
        for (int i = 0; i < count; i++) {
            double t = i / fps;
            // the frame on screen at t: the last one whose time is <= t (within the 1 ms
            // rounding of Matroska timestamps); skip instants a hair from a frame change
            int expected = -1;
            boolean ambiguous = false;
            for (int k = 0; k < n; k++) {
                double tk = SampleVideos.variableRateSlot(k) / 30.0;
                boolean shown = tk <= t + 0.002;
                double gap = Math.abs(tk - t);
                if (gap > 0.002 && gap < 0.3 / fps) {
                    ambiguous = true; // off the grid, near a frame change
                }
                if (shown) {
                    expected = k;
                }
            }
            if (ambiguous) {
                continue;
            }
            assertEquals(
                    expected,
                    FrameIndexPattern.decode(frames.frame(i), frames.width(), frames.height()),
                    "timeline index " + i + " at " + t + " s (avg fps " + fps + ")");
            checked++;
        }
        assertTrue(checked > count / 2, "checked " + checked + " of " + count);
    }

    @Test
    void indicesPastTheEndRepeatTheLastFrame() throws Exception {
        Path p = dir.resolve("one-frame.mp4");
        DecodedFrames frames = new VideoDecoder(48).decodeIndices(p, VideoProbe.probe(p), range(0, 4));
        assertEquals(3, frames.paddedIndices());
        for (int i = 0; i < 4; i++) {
            assertEquals(0, FrameIndexPattern.decode(frames.frame(i), frames.width(), frames.height()));
        }
    }

    @Test
    void truncatedFileStopsCleanly() throws Exception {
        Path p = dir.resolve("truncated-faststart.mp4");
        VideoInfo info = VideoProbe.probe(p);
        assertEquals(FrameCountSource.INDEX, info.frameCountSource(), "the header promises 90, the file holds fewer");
        int held = (int) info.frameCount();
        assertTrue(held > 0 && held < 90, "held " + held);
        DecodedFrames frames = new VideoDecoder(48).decodeIndices(p, info, range(0, 90));
        int got = frames.decodedFrameCount();
        assertTrue(got > 0 && got < 90, "decoded " + got);
        assertShowsOwnIndex(frames, range(0, got - 1), "truncated");
        assertTrue(frames.paddedIndices() > 0);
    }

    @Test
    void brokenFilesGiveTypedErrors() {
        VideoDecoder decoder = new VideoDecoder(48);
        List<ClipWindow> one = List.of(new ClipWindow(0, new int[] {0}));
        assertEquals(
                VideoErrorKind.CORRUPT,
                assertThrows(VideoException.class, () -> decoder.decode(dir.resolve("truncated.mp4"), one))
                        .kind());
        assertEquals(
                VideoErrorKind.NOT_A_VIDEO,
                assertThrows(VideoException.class, () -> decoder.decode(dir.resolve("random-bytes.mp4"), one))
                        .kind());
        assertEquals(
                VideoErrorKind.EMPTY,
                assertThrows(VideoException.class, () -> decoder.decode(dir.resolve("zero-bytes.mp4"), one))
                        .kind());
        assertEquals(
                VideoErrorKind.NO_VIDEO_STREAM,
                assertThrows(VideoException.class, () -> decoder.decode(dir.resolve("audio-only.m4a"), one))
                        .kind());
    }

    @Test
    void nativeMemoryStaysBounded() throws Exception {
        Path p = dir.resolve("h264.mp4");
        VideoInfo info = VideoProbe.probe(p);
        VideoDecoder decoder = new VideoDecoder(48);
        for (int i = 0; i < 20; i++) {
            decoder.decodeIndices(p, info, range(0, 45));
        }
        System.gc();
        long before = Pointer.totalBytes();
        for (int i = 0; i < 100; i++) {
            decoder.decodeIndices(p, info, range(0, 45));
        }
        System.gc();
        long after = Pointer.totalBytes();
        assertTrue(after - before < 4 << 20, "JavaCPP-tracked native memory grew by " + (after - before) + " bytes");
    }
}
