package nlvideo.pipeline.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kinds of real-world files of issue 9, made by the {@code ffmpeg} command line with known
 * content: the probe and the decoder give the right stream, colours, shape and frame count, and
 * report padding and decode errors. Expected values come from how each file was made (drawn
 * colours and frame numbers, ffmpeg's settings) or from ffprobe, never from the decoder itself.
 */
class RealWorldVideosTest {

    @TempDir
    static Path dir;

    /** Saturated colours, where matrices differ most, and greys and a skin tone. */
    static final int[][] COLOURS = {
        {220, 30, 30},
        {30, 200, 40},
        {30, 40, 210},
        {230, 210, 40},
        {40, 200, 210},
        {200, 40, 190},
        {128, 128, 128},
        {30, 30, 30},
        {199, 148, 119}
    };

    @BeforeAll
    static void check() throws Exception {
        FfmpegCli.ffmpeg("-version"); // the ffmpeg command line is there (CI installs it)
    }

    private static int[] range(int n) {
        return IntStream.range(0, n).toArray();
    }

    private static int shown(DecodedFrames f, int index) {
        return FrameIndexPattern.decode(f.frame(index), f.width(), f.height());
    }

    @Test
    void coverArtIsNeverTheVideo() throws Exception {
        Path p = RealWorldVideos.coverArtFirst(dir.resolve("cover-art-first.mp4"));
        VideoInfo info = VideoProbe.probe(p);
        assertEquals(1, info.streamIndex(), "stream 0 is the attached picture");
        assertEquals(320, info.width());
        assertEquals(240, info.height());
        assertEquals(RealWorldVideos.COVER_ART_FRAMES, info.frameCount());
        assertTrue(info.hasAudio());
        DecodedFrames f = new VideoDecoder(0).decodeIndices(p, info, range(RealWorldVideos.COVER_ART_FRAMES));
        assertEquals(320, f.width());
        for (int i = 0; i < RealWorldVideos.COVER_ART_FRAMES; i++) {
            assertEquals(i, shown(f, i), "frame " + i);
        }
        assertEquals(0, f.paddedIndices());
    }

    @Test
    void theDefaultStreamIsChosenOverAPreviewBeforeIt() throws Exception {
        Path p = RealWorldVideos.previewStreamFirst(dir.resolve("preview-first.mkv"));
        VideoInfo info = VideoProbe.probe(p);
        assertEquals(1, info.streamIndex());
        assertEquals(640, info.width());
        assertEquals(360, info.height());
        DecodedFrames f = new VideoDecoder(0).decodeIndices(p, info, new int[] {0, 7, 49});
        assertEquals(640, f.width());
        assertEquals(
                7, shown(f, 7), "the main stream's frame, not the preview's (" + RealWorldVideos.PREVIEW_OFFSET + "+)");
        assertEquals(49, shown(f, 49));
    }

    @Test
    void coloursComeOutAsDrawnWhateverTheMatrixAndRange() throws Exception {
        record Case(
                String name, int w, int h, String matrix, String range, boolean tagged, ColorMatrix m, ColorRange r) {}
        List<Case> cases = List.of(
                new Case("bt709 HD, tagged", 1280, 720, "bt709", "tv", true, ColorMatrix.BT709, ColorRange.LIMITED),
                new Case("bt709 HD, untagged", 1280, 720, "bt709", "tv", false, ColorMatrix.BT709, ColorRange.LIMITED),
                new Case("bt601 SD, untagged", 640, 360, "bt601", "tv", false, ColorMatrix.BT601, ColorRange.LIMITED),
                new Case(
                        "bt601 SD, full range by color_range",
                        640,
                        360,
                        "bt601",
                        "pc",
                        true,
                        ColorMatrix.BT601,
                        ColorRange.FULL),
                new Case("bt2020, tagged", 1280, 720, "bt2020", "tv", true, ColorMatrix.BT2020, ColorRange.LIMITED));
        for (Case c : cases) {
            Path p = RealWorldVideos.stripes(
                    dir.resolve(c.name().replaceAll("[^a-z0-9]+", "-") + ".mp4"),
                    c.w(),
                    c.h(),
                    COLOURS,
                    c.matrix(),
                    c.range(),
                    c.tagged());
            VideoInfo info = VideoProbe.probe(p);
            assertEquals(c.m(), info.colorMatrix(), c.name());
            assertEquals(c.r(), info.colorRange(), c.name());
            DecodedFrames f = new VideoDecoder(0).decodeIndices(p, info, new int[] {3});
            byte[] rgb = f.frame(3);
            for (int s = 0; s < COLOURS.length; s++) {
                int x = (int) ((s + 0.5) * f.width() / COLOURS.length);
                int at = ((f.height() / 2) * f.width() + x) * 3;
                for (int ch = 0; ch < 3; ch++) {
                    int got = rgb[at + ch] & 0xff;
                    assertTrue(
                            Math.abs(got - COLOURS[s][ch]) <= 3,
                            c.name() + ": stripe " + s + " channel " + ch + " is " + got + ", drawn " + COLOURS[s][ch]);
                }
            }
        }
        // the test can fail: BT.601 maths on BT.709 samples moves saturated red by more than 10 levels
        double[] ycc = toYcc(COLOURS[0], 0.2126, 0.0722);
        double[] wrong = toRgb(ycc, 0.299, 0.114);
        assertTrue(Math.abs(wrong[0] - COLOURS[0][0]) > 10 || Math.abs(wrong[1] - COLOURS[0][1]) > 10);
    }

    /** R'G'B' to Y'CbCr with luma weights kr, kb (unit range), as in ITU-R BT.601/709. */
    private static double[] toYcc(int[] rgb, double kr, double kb) {
        double r = rgb[0] / 255.0, g = rgb[1] / 255.0, b = rgb[2] / 255.0;
        double y = kr * r + (1 - kr - kb) * g + kb * b;
        return new double[] {y, (b - y) / (2 * (1 - kb)), (r - y) / (2 * (1 - kr))};
    }

    private static double[] toRgb(double[] ycc, double kr, double kb) {
        double r = ycc[0] + 2 * (1 - kr) * ycc[2];
        double b = ycc[0] + 2 * (1 - kb) * ycc[1];
        double g = (ycc[0] - kr * r - kb * b) / (1 - kr - kb);
        return new double[] {r * 255, g * 255, b * 255};
    }

    @Test
    void nonSquarePixelsAreShownAsPlayersShowThem() throws Exception {
        int radius = 120;
        Path p = RealWorldVideos.nonSquarePixels(dir.resolve("sar.mp4"), radius);
        VideoInfo info = VideoProbe.probe(p);
        assertEquals("4:3", info.sampleAspectRatio());
        assertEquals(480, info.storedWidth());
        assertEquals(640, info.width(), "480 x 4/3");
        assertEquals(360, info.height());
        DecodedFrames f = new VideoDecoder(0).decodeIndices(p, info, new int[] {2});
        assertEquals(640, f.width());
        assertEquals(360, f.height());
        int[] extent = whiteExtent(f.frame(2), f.width(), f.height());
        assertEquals(2 * radius, extent[0], 4, "disc width");
        assertEquals(2 * radius, extent[1], 4, "disc height: the disc is round");
        DecodedFrames small = new VideoDecoder(180).decodeIndices(p, info, new int[] {2});
        assertEquals(320, small.width());
        assertEquals(180, small.height());
    }

    /** {width, height} of the bounding box of pixels brighter than mid-grey. */
    private static int[] whiteExtent(byte[] rgb, int w, int h) {
        int x0 = w, x1 = -1, y0 = h, y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if ((rgb[(y * w + x) * 3 + 1] & 0xff) > 128) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return new int[] {x1 - x0 + 1, y1 - y0 + 1};
    }

    @Test
    void filesWrittenToAPipeAreCountedByTheirPackets() throws Exception {
        for (String container : List.of("matroska", "webm")) {
            Path p = RealWorldVideos.fromPipe(
                    dir.resolve("pipe." + (container.equals("webm") ? "webm" : "mkv")), container);
            int truth = FfmpegCli.countFrames(p);
            assertEquals(RealWorldVideos.PIPE_FRAMES, truth, "ffprobe decodes every frame");
            VideoInfo info = VideoProbe.probe(p);
            assertEquals(FrameCountSource.PACKETS, info.frameCountSource(), container);
            assertEquals(truth, info.frameCount(), container);
            assertEquals(3.0, info.durationSeconds(), 0.05, container);
            DecodedFrames f = new VideoDecoder(0).decodeIndices(p, info, range(truth));
            assertEquals(0, f.paddedIndices(), container);
            for (int i = 0; i < truth; i++) {
                assertEquals(i, shown(f, i), container + " frame " + i);
            }
        }
    }

    @Test
    void aHeaderThatOverstatesIsCorrectedFromItsIndex() throws Exception {
        Path p = RealWorldVideos.truncatedIndexFirst(dir.resolve("truncated-index-first.mp4"));
        int decodable = FfmpegCli.countFrames(p);
        assertTrue(decodable > 10 && decodable < RealWorldVideos.LONG_FRAMES, "ffprobe decodes " + decodable);
        VideoInfo info = VideoProbe.probe(p);
        assertEquals(FrameCountSource.INDEX, info.frameCountSource());
        assertEquals(decodable, info.frameCount(), "the frames whose data is in the file");
        DecodedFrames f = new VideoDecoder(0).decodeIndices(p, info, range(decodable));
        assertEquals(0, f.paddedIndices());
        for (int i = 0; i < decodable; i++) {
            assertEquals(i, shown(f, i), "frame " + i);
        }
        // asked past the real end anyway, the decoder says which indices repeat the last frame
        DecodedFrames past = new VideoDecoder(0).decodeIndices(p, info, new int[] {0, decodable - 1, decodable + 5});
        assertEquals(decodable - 1, past.lastFrameIndex());
        assertTrue(past.isPadded(decodable + 5));
        assertFalse(past.isPadded(decodable - 1));
        assertEquals(1, past.paddedIndices());
        assertEquals(decodable - 1, shown(past, decodable + 5));
    }

    @Test
    void damageInTheMiddleIsCountedAndTheRestDecodes() throws Exception {
        Path p = RealWorldVideos.damagedMidstream(dir.resolve("damaged.mp4"));
        Path clean = RealWorldVideos.coverArtFirst(dir.resolve("clean.mp4"));
        assertTrue(FfmpegCli.decodeErrorLines(p) > 0, "ffmpeg reports errors in the damaged file");
        assertEquals(0, FfmpegCli.decodeErrorLines(clean), "and none in the clean one");
        VideoInfo info = VideoProbe.probe(p);
        assertEquals(RealWorldVideos.LONG_FRAMES, info.frameCount());
        DecodedFrames f = new VideoDecoder(0).decodeIndices(p, info, range(RealWorldVideos.LONG_FRAMES));
        int errors = f.decodeErrors();
        assertTrue(errors > 0, "decode errors counted: " + errors);
        assertEquals(errors, f.decodeErrors(0, Integer.MAX_VALUE));
        assertEquals(0, f.decodeErrors(0, 40), "the first second is undamaged");
        assertEquals(0, f.paddedIndices());
        for (int i = 0; i < 40; i++) {
            assertEquals(i, shown(f, i));
        }
        VideoInfo cleanInfo = VideoProbe.probe(clean);
        assertEquals(
                0,
                new VideoDecoder(0).decodeIndices(clean, cleanInfo, range(50)).decodeErrors());

        // several decoders at once in one JVM: each video keeps its own count
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> damaged = new ArrayList<>();
            List<Future<Integer>> clean4 = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                damaged.add(pool.submit(() -> new VideoDecoder(0)
                        .decodeIndices(p, info, range(RealWorldVideos.LONG_FRAMES))
                        .decodeErrors()));
                clean4.add(pool.submit(() -> new VideoDecoder(0)
                        .decodeIndices(clean, cleanInfo, range(50))
                        .decodeErrors()));
            }
            for (int i = 0; i < 4; i++) {
                assertEquals(errors, damaged.get(i).get(), "damaged, run " + i);
                assertEquals(0, clean4.get(i).get(), "clean, run " + i);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void interlacedVideoIsDeinterlacedWhenFlagged() throws Exception {
        Path p = RealWorldVideos.interlaced(dir.resolve("interlaced-25i.ts"));
        VideoInfo info = VideoProbe.probe(p);
        assertEquals(FieldOrder.TT, info.fieldOrder());
        assertEquals(25.0, info.avgFps(), 1e-6);
        assertEquals(RealWorldVideos.INTERLACED_FRAMES, info.frameCount());
        int[] all = range(RealWorldVideos.INTERLACED_FRAMES);
        DecodedFrames auto = new VideoDecoder(0).decodeIndices(p, info, all);
        DecodedFrames off = new VideoDecoder(0).withDeinterlace(Deinterlace.OFF).decodeIndices(p, info, all);
        assertEquals(RealWorldVideos.INTERLACED_FRAMES, auto.decodedFrameCount(), "one frame per frame (send_frame)");
        int w = auto.width();
        int band = RealWorldVideos.INTERLACED_PATTERN_ROWS;
        for (int k = 0; k < RealWorldVideos.INTERLACED_FRAMES; k++) {
            byte[] frame = auto.frame(k);
            assertEquals(k, FrameIndexPattern.decode(Arrays.copyOf(frame, w * band * 3), w, band), "frame " + k);
            // the first (top) field is picture 2k: its bar, on even and odd rows alike
            int expected = RealWorldVideos.interlacedBarX(2 * k);
            assertEquals(expected, RealWorldVideos.interlacedBarLeft(frame, w, 200), 2, "frame " + k + ", even row");
            assertEquals(expected, RealWorldVideos.interlacedBarLeft(frame, w, 201), 2, "frame " + k + ", odd row");
            double clean = combing(frame, w, band + 2, auto.height());
            double raw = combing(off.frame(k), w, band + 2, auto.height());
            assertTrue(
                    clean < 1.5 && raw > 3 * clean + 3,
                    "frame " + k + ": combing " + clean + " deinterlaced, " + raw + " woven");
        }
        DecodedFrames on = new VideoDecoder(0).withDeinterlace(Deinterlace.ON).decodeIndices(p, info, new int[] {5});
        assertEquals(RealWorldVideos.interlacedBarX(10), RealWorldVideos.interlacedBarLeft(on.frame(5), w, 201), 2);
    }

    /** Mean absolute difference of the green channel between neighbouring rows y0..y1: high when fields differ. */
    private static double combing(byte[] rgb, int w, int y0, int y1) {
        long sum = 0;
        long n = 0;
        for (int y = y0; y < y1 - 1; y++) {
            for (int x = 0; x < w; x++) {
                sum += Math.abs((rgb[(y * w + x) * 3 + 1] & 0xff) - (rgb[((y + 1) * w + x) * 3 + 1] & 0xff));
                n++;
            }
        }
        return (double) sum / n;
    }
}
