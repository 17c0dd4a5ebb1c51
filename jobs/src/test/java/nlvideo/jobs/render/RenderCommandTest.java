package nlvideo.jobs.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import nlvideo.jobs.Main;
import nlvideo.pipeline.dataset.LabelList;
import nlvideo.pipeline.video.ColorMatrix;
import nlvideo.pipeline.video.DecodedFrames;
import nlvideo.pipeline.video.FfmpegCli;
import nlvideo.pipeline.video.RealWorldVideos;
import nlvideo.pipeline.video.SampleVideos;
import nlvideo.pipeline.video.VideoDecoder;
import nlvideo.pipeline.video.VideoInfo;
import nlvideo.pipeline.video.VideoProbe;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code render} on real encoded files with audio: the output has the input's frames, duration,
 * display size and an audio stream, and decoded side by side with the input it differs only
 * inside the label box, beyond codec noise.
 *
 * <p>The noise bound: the output is the decoded input encoded once more with x264 at crf 18, so
 * outside the box each frame differs from the input by a generation of H.264 loss only, the same
 * loss as a plain re-encode by the ffmpeg command line through the same BGR pixels (measured here:
 * 0.5 to 2.9 grey levels of mean absolute difference per frame for the render, within a few
 * percent of the re-encode's on the same frame). Pixels
 * within 16 px of the box (one macroblock) are left out, since a macroblock that holds part of
 * the box is coded with it. The box is a dark panel with text over the test pattern: it differs
 * by 21 levels or more (measured), against at most 10 required.
 */
class RenderCommandTest {

    static final double DRAWN = 10.0;
    static final int MARGIN = 16;

    @TempDir
    static Path tmp;

    static Path video;

    @BeforeAll
    static void makeVideo() throws Exception {
        video = tmp.resolve("source clip.mp4");
        SampleVideos.write(video, SampleVideos.Format.H264_MP4, 192, 144, 12, 30, SampleVideos.Extras.NONE.withAudio());
    }

    @AfterAll
    static void stopSpark() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    static final String[] SPARK = {"--master", "local[2]", "--spark-conf", "spark.ui.enabled=false"};

    static int run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--from")) {
            all.addAll(List.of(SPARK));
        }
        return Main.run(all.toArray(new String[0]));
    }

    /** The arguments, then the demo model's. */
    static String[] withDemoModel(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--model",
                "demo-nl-i3d",
                "--weights",
                Path.of("..", "conf", "weights", "demo-nl-i3d.nlw").toString(),
                "--labels",
                "synthetic-motion"));
        return all.toArray(new String[0]);
    }

    /** Mean absolute difference per frame, inside the box and outside it (beyond the margin). */
    record Difference(double inside, double outside) {}

    static List<Difference> compare(Path source, Path rendered, Rectangle box) throws Exception {
        VideoInfo a = VideoProbe.probe(source);
        VideoInfo b = VideoProbe.probe(rendered);
        int[] all = IntStream.range(0, (int) a.frameCount()).toArray();
        DecodedFrames x = new VideoDecoder(0).decodeIndices(source, a, all);
        DecodedFrames y = new VideoDecoder(0).decodeIndices(rendered, b, all);
        assertEquals(x.width(), y.width());
        assertEquals(x.height(), y.height());
        Rectangle near = new Rectangle(box.x - MARGIN, box.y - MARGIN, box.width + 2 * MARGIN, box.height + 2 * MARGIN);
        List<Difference> out = new ArrayList<>();
        for (int i : all) {
            byte[] p = x.frame(i);
            byte[] q = y.frame(i);
            double in = 0;
            double outside = 0;
            long nIn = 0;
            long nOut = 0;
            for (int row = 0; row < x.height(); row++) {
                for (int col = 0; col < x.width(); col++) {
                    int o = (row * x.width() + col) * 3;
                    int d = Math.abs((p[o] & 0xFF) - (q[o] & 0xFF))
                            + Math.abs((p[o + 1] & 0xFF) - (q[o + 1] & 0xFF))
                            + Math.abs((p[o + 2] & 0xFF) - (q[o + 2] & 0xFF));
                    if (box.contains(col, row)) {
                        in += d / 3.0;
                        nIn++;
                    } else if (!near.contains(col, row)) {
                        outside += d / 3.0;
                        nOut++;
                    }
                }
            }
            out.add(new Difference(in / nIn, outside / nOut));
        }
        return out;
    }

    /**
     * The render against the source, frame by frame, beside a plain re-encode of the source by the
     * ffmpeg command line with the same x264 settings (crf 18) and the same trip through BGR
     * pixels that drawing takes (yuv420p to bgr24 and back), but no drawing: outside the box the
     * render may differ from the source by that re-encode's own loss, with slack for the two x264
     * builds (twice it, plus one level); inside, by at least {@link #DRAWN} levels.
     */
    static void assertDrawnOnlyInTheBox(Path source, Path rendered, Rectangle box) throws Exception {
        Path reference = tmp.resolve("reencoded-" + rendered.getFileName());
        Process p = new ProcessBuilder(
                        "ffmpeg",
                        "-v",
                        "error",
                        "-y",
                        "-i",
                        source.toString(),
                        "-vf",
                        "format=bgr24,format=yuv420p",
                        "-c:v",
                        "libx264",
                        "-crf",
                        "18",
                        "-preset",
                        "veryfast",
                        reference.toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "ffmpeg re-encode: " + log);
        List<Difference> drawn = compare(source, rendered, box);
        List<Difference> plain = compare(source, reference, box);
        for (int i = 0; i < drawn.size(); i++) {
            Difference d = drawn.get(i);
            double noise = 2 * plain.get(i).outside() + 1;
            assertTrue(d.outside() <= noise, "frame " + i + " changed outside the box: " + d + ", noise " + noise);
            assertTrue(d.inside() >= DRAWN, "frame " + i + " has no label drawn: " + d);
        }
    }

    static void assertSameFramesAndDuration(Path source, Path rendered) throws Exception {
        VideoInfo a = VideoProbe.probe(source);
        VideoInfo b = VideoProbe.probe(rendered);
        assertEquals(a.frameCount(), b.frameCount());
        assertEquals(a.frameCount() / a.avgFps(), b.frameCount() / b.avgFps(), 1e-6, "video duration");
        assertEquals(a.width(), b.width());
        assertEquals(a.height(), b.height());
        assertEquals("h264", b.codec());
        assertEquals(a.hasAudio(), b.hasAudio());
    }

    @Test
    void labelsComputedOnTheFlyAreDrawnOnEveryFrameAndNowhereElse() throws Exception {
        Path out = tmp.resolve("on-the-fly.mp4");
        assertEquals(0, run(withDemoModel("render", "--input", video.toString(), "--output", out.toString())));
        assertSameFramesAndDuration(video, out);
        assertTrue(VideoProbe.probe(out).hasAudio());
        Rectangle box = new LabelOverlay(
                        192, 144, 0, 3, LabelList.load("synthetic-motion").names())
                .box();
        assertDrawnOnlyInTheBox(video, out, box);

        // the same labels through a timeline table: the same picture
        Path timeline = tmp.resolve("timeline");
        assertEquals(
                0,
                run(withDemoModel(
                        "timeline", "--input", video.toString(), "--output", timeline.toString(), "--format", "json")));
        Path fromTimeline = tmp.resolve("from-timeline.mp4");
        assertEquals(
                0,
                run(
                        "render",
                        "--input",
                        video.toString(),
                        "--output",
                        fromTimeline.toString(),
                        "--from",
                        timeline.toString()));
        assertSameFramesAndDuration(video, fromTimeline);
        for (Difference d : compare(out, fromTimeline, box)) {
            assertTrue(d.inside() < 1 && d.outside() < 1, "the two renders differ: " + d);
        }
    }

    @Test
    void aRotatedVideoKeepsItsDisplayAndGetsUprightLabelsFromAHandWrittenTimeline() throws Exception {
        Path rotated = tmp.resolve("portrait.mp4");
        SampleVideos.write(
                rotated,
                SampleVideos.Format.H264_MP4,
                120,
                160,
                10,
                20,
                SampleVideos.Extras.NONE.withRotation(90).withAudio());
        Path dir = Files.createDirectories(tmp.resolve("hand"));
        Files.writeString(
                dir.resolve("timeline.csv"),
                "video_id,start_s,end_s,label,score\n"
                        + "portrait,0.0,1.0,alpha,0.9\nportrait,0.0,1.0,beta,0.1\n"
                        + "portrait,1.0,2.0,beta,0.7\nportrait,1.0,2.0,alpha,0.3\n");
        Path out = tmp.resolve("portrait-labelled.mp4");
        assertEquals(
                0, run("render", "--input", rotated.toString(), "--output", out.toString(), "--from", dir.toString()));
        assertSameFramesAndDuration(rotated, out);
        VideoInfo info = VideoProbe.probe(out);
        assertEquals(90, info.rotation());
        Rectangle box = new LabelOverlay(120, 160, 90, 3, List.of("alpha", "beta")).box();
        assertDrawnOnlyInTheBox(rotated, out, box);
    }

    /** Saturated and mixed colours: read with the wrong matrix, some move by more than 20 levels. */
    static final int[][] STRIPES = {
        {255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 0}, {0, 255, 255}, {255, 0, 255}, {200, 120, 40},
    };

    /**
     * Renders {@code source} with labels from a hand-made timeline ({@code alpha} then {@code
     * beta}) and the extra options; the output is {@code <stem><suffix>-labelled.mp4}.
     */
    static Path renderWithHandTimeline(Path source, String suffix, String... extra) throws Exception {
        String id = source.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        Path dir = Files.createDirectories(tmp.resolve(id + suffix + "-timeline"));
        Files.writeString(
                dir.resolve("timeline.csv"),
                "video_id,start_s,end_s,label,score\n"
                        + id + ",0.0,1.0,alpha,0.9\n" + id + ",0.0,1.0,beta,0.1\n"
                        + id + ",1.0,2.0,beta,0.7\n" + id + ",1.0,2.0,alpha,0.3\n");
        Path out = tmp.resolve(id + suffix + "-labelled.mp4");
        List<String> args = new ArrayList<>(
                List.of("render", "--input", source.toString(), "--output", out.toString(), "--from", dir.toString()));
        args.addAll(List.of(extra));
        assertEquals(0, run(args.toArray(new String[0])), String.join(" ", args));
        return out;
    }

    /**
     * An HD video tagged BT.709 (colour stripes converted by ffmpeg's swscale with the BT.709
     * matrix, coded losslessly): outside the label box the render shows the colours that were
     * drawn, read back through the decoder (which the pipeline's tests check against the ffmpeg
     * command line). The render adds one trip through 8-bit limited-range Y'CbCr and x264 at crf
     * 18: measured here, up to 7 levels off at the stripes' centres (the ffmpeg command line reads
     * the same file to within 6). A reader that takes every stream for BT.601, as JavaCV's grabber
     * does, puts saturated red at 229 and its green at 19; an output not tagged with the matrix it
     * was converted with is read as BT.709 (HD) and puts red's green at 21. The bound is 12.
     */
    @Test
    void aBt709VideoKeepsItsColours() throws Exception {
        Path source = RealWorldVideos.stripes(tmp.resolve("hd709.mp4"), 1280, 720, STRIPES, "bt709", "tv", true);
        assertEquals(ColorMatrix.BT709, VideoProbe.probe(source).colorMatrix());
        Path out = renderWithHandTimeline(source, "");
        assertSameFramesAndDuration(source, out);
        Rectangle box = new LabelOverlay(1280, 720, 0, 3, List.of("alpha", "beta")).box();
        VideoInfo info = VideoProbe.probe(out);
        DecodedFrames f = new VideoDecoder(0).decodeIndices(out, info, new int[] {0, 9});
        for (int i : new int[] {0, 9}) {
            byte[] rgb = f.frame(i);
            for (int s = 0; s < STRIPES.length; s++) {
                int x = (int) ((s + 0.5) * f.width() / STRIPES.length);
                int y = (box.y + box.height + MARGIN + f.height()) / 2;
                assertFalse(box.contains(x, y));
                int at = (y * f.width() + x) * 3;
                for (int ch = 0; ch < 3; ch++) {
                    int got = rgb[at + ch] & 0xff;
                    assertTrue(
                            Math.abs(got - STRIPES[s][ch]) <= 12,
                            "frame " + i + " stripe " + s + " channel " + ch + " is " + got + ", drawn "
                                    + STRIPES[s][ch]);
                }
            }
        }
        assertDrawnOnlyInTheBox(source, out, box);
    }

    /**
     * An MP4 whose first video stream is a 600x600 cover picture: the render is of the real
     * 320x240 video (its 50 frames and audio), not of the picture.
     */
    @Test
    void aCoverPictureFirstIsNotWhatIsRendered() throws Exception {
        Path source = RealWorldVideos.coverArtFirst(tmp.resolve("cover.mp4"));
        Path out = renderWithHandTimeline(source, "");
        assertSameFramesAndDuration(source, out);
        assertEquals(RealWorldVideos.COVER_ART_FRAMES, VideoProbe.probe(out).frameCount());
        assertTrue(VideoProbe.probe(out).hasAudio());
        assertDrawnOnlyInTheBox(source, out, new LabelOverlay(320, 240, 0, 3, List.of("alpha", "beta")).box());
    }

    /**
     * A 480x360 video stored with sample aspect ratio 4:3: the render has square pixels at the
     * displayed size, 640x360, so that the disc drawn in it stays round.
     */
    @Test
    void nonSquarePixelsAreRenderedAtTheDisplayedSize() throws Exception {
        Path source = RealWorldVideos.nonSquarePixels(tmp.resolve("sar.mp4"), 100);
        Path out = renderWithHandTimeline(source, "");
        assertSameFramesAndDuration(source, out);
        VideoInfo info = VideoProbe.probe(out);
        assertEquals(640, info.storedWidth());
        assertEquals("1:1", info.sampleAspectRatio());
        assertDrawnOnlyInTheBox(source, out, new LabelOverlay(640, 360, 0, 3, List.of("alpha", "beta")).box());
    }

    /**
     * 360x240 stored with the NTSC wide-screen sample aspect ratio 32:27 shows 427 pixels wide: an
     * odd width, which 4:2:0 H.264 cannot code. The render is 428x240 (JavaCV's recorder rounds up
     * to even and scales), every frame there.
     */
    @Test
    void anOddDisplayedWidthIsRoundedUpToEven() throws Exception {
        Path source = tmp.resolve("ntsc-wide.mp4");
        FfmpegCli.ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=360x240:rate=25",
                "-frames:v",
                "10",
                "-vf",
                "setsar=32/27",
                "-c:v",
                "libx264",
                "-pix_fmt",
                "yuv420p",
                source.toString());
        assertEquals(427, VideoProbe.probe(source).width());
        Path out = renderWithHandTimeline(source, "");
        VideoInfo info = VideoProbe.probe(out);
        assertEquals(428, info.width());
        assertEquals(240, info.height());
        assertEquals(10, info.frameCount());
    }

    /**
     * An interlaced broadcast video (MPEG-2 in TS, 25i, top field first; a bar moves 6 pixels
     * between the two fields of a frame): rendered with {@code --deinterlace auto} (the default),
     * each output frame shows the bar of its first field on even and odd rows alike; with {@code
     * --deinterlace off} the odd rows keep the second field's bar, 6 pixels further (combing).
     */
    @Test
    void interlacedVideoIsDeinterlacedAsTheOptionSays() throws Exception {
        Path source = RealWorldVideos.interlaced(tmp.resolve("broadcast.ts"));
        Path auto = renderWithHandTimeline(source, "-auto", "--deinterlace", "auto");
        Path woven = renderWithHandTimeline(source, "-off", "--deinterlace", "off");
        for (Path out : List.of(auto, woven)) {
            assertEquals(
                    RealWorldVideos.INTERLACED_FRAMES, VideoProbe.probe(out).frameCount(), out.toString());
        }
        int[] all = IntStream.range(0, RealWorldVideos.INTERLACED_FRAMES).toArray();
        DecodedFrames clean = new VideoDecoder(0).decodeIndices(auto, VideoProbe.probe(auto), all);
        DecodedFrames combed = new VideoDecoder(0).decodeIndices(woven, VideoProbe.probe(woven), all);
        int w = clean.width();
        for (int k : all) {
            int first = RealWorldVideos.interlacedBarX(2 * k);
            int second = RealWorldVideos.interlacedBarX(2 * k + 1);
            assertEquals(first, RealWorldVideos.interlacedBarLeft(clean.frame(k), w, 200), 2, "frame " + k);
            assertEquals(first, RealWorldVideos.interlacedBarLeft(clean.frame(k), w, 201), 2, "frame " + k);
            assertEquals(first, RealWorldVideos.interlacedBarLeft(combed.frame(k), w, 200), 2, "frame " + k);
            assertEquals(second, RealWorldVideos.interlacedBarLeft(combed.frame(k), w, 201), 2, "frame " + k);
        }
    }

    @Test
    void badOptionsExitTwoAndWriteNothing() throws Exception {
        Path out = tmp.resolve("never.mp4");
        String[][] bad = {
            {"--input", tmp.resolve("missing.mp4").toString()},
            {"--input", video.toString(), "--from", tmp.toString(), "--weights", video.toString()},
            {"--input", video.toString(), "--from", tmp.resolve("nowhere").toString()},
            {
                "--input",
                video.toString(),
                "--from",
                Files.createDirectories(tmp.resolve("empty")).toString()
            },
            {"--input", video.toString(), "--crf", "60"},
            {"--input", video.toString(), "--top-k", "0"},
        };
        for (String[] b : bad) {
            List<String> args = new ArrayList<>(List.of("render", "--output", out.toString()));
            args.addAll(List.of(b));
            assertEquals(2, Main.run(args.toArray(new String[0])), String.join(" ", b));
            assertFalse(Files.exists(out), String.join(" ", b));
        }
        Path exists = Files.writeString(tmp.resolve("exists.mp4"), "keep me");
        assertEquals(
                2,
                Main.run(
                        "render",
                        "--input",
                        video.toString(),
                        "--output",
                        exists.toString(),
                        "--from",
                        tmp.toString()));
        assertEquals("keep me", Files.readString(exists));
    }
}
