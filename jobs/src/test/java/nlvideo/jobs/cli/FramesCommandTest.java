package nlvideo.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import nlvideo.jobs.output.CsvRecords;
import nlvideo.pipeline.video.FrameIndexPattern;
import nlvideo.pipeline.video.RealWorldVideos;
import nlvideo.pipeline.video.SampleVideos;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nlvideo frames} on real files: the PNGs show the frames asked for (their drawn index),
 * at the displayed size and orientation; the views are the protocol's; frames.csv says which
 * frames are padded; bad calls exit 2 and write nothing; an unreadable video is an error with its
 * kind.
 */
class FramesCommandTest {

    @TempDir
    static Path tmp;

    static Path h264;
    static Path portrait;
    static Path oneFrame;
    static Path sar;
    static Path noise;

    @BeforeAll
    static void writeVideos() throws Exception {
        h264 = tmp.resolve("h264.mp4");
        SampleVideos.write(h264, SampleVideos.Format.H264_MP4, 160, 120, 30, 45);
        portrait = tmp.resolve("portrait.mp4");
        SampleVideos.write(
                portrait, SampleVideos.Format.H264_MP4, 96, 160, 30, 12, SampleVideos.Extras.NONE.withRotation(90));
        oneFrame = tmp.resolve("one-frame.mp4");
        SampleVideos.write(oneFrame, SampleVideos.Format.H264_MP4, 160, 120, 30, 1);
        sar = RealWorldVideos.nonSquarePixels(tmp.resolve("sar.mp4"), 120);
        noise = tmp.resolve("noise.mp4");
        byte[] bytes = new byte[5000];
        new java.util.Random(3).nextBytes(bytes);
        Files.write(noise, bytes);
    }

    private static int shown(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = image.getRGB(x, y);
                int i = (y * w + x) * 3;
                rgb[i] = (byte) (p >> 16);
                rgb[i + 1] = (byte) (p >> 8);
                rgb[i + 2] = (byte) p;
            }
        }
        return FrameIndexPattern.decode(rgb, w, h);
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        return CsvRecords.read(file);
    }

    @Test
    void indicesGiveThoseFramesAtTheDisplayedSize() throws Exception {
        Path out = tmp.resolve("indices");
        CliRun r = CliRun.of(
                "frames",
                "--input",
                h264.toString(),
                "--output",
                out.toString(),
                "--indices",
                "0,7,44,50",
                "--short-side",
                "0");
        assertEquals(0, r.code(), r.err());
        for (int i : new int[] {0, 7, 44}) {
            BufferedImage png =
                    ImageIO.read(out.resolve(String.format("%06d.png", i)).toFile());
            assertEquals(160, png.getWidth());
            assertEquals(120, png.getHeight());
            assertEquals(i, shown(png), "frame " + i);
        }
        assertEquals(44, shown(ImageIO.read(out.resolve("000050.png").toFile())), "past the end: the last frame");
        List<CSVRecord> rows = csv(out.resolve("frames.csv"));
        assertEquals(
                List.of("index", "time_s", "source_timestamp_s", "padded"),
                rows.get(0).getParser().getHeaderNames());
        assertEquals(4, rows.size());
        for (CSVRecord row : rows) {
            int i = Integer.parseInt(row.get("index"));
            assertEquals(i / 30.0, Double.parseDouble(row.get("time_s")), 1e-6, "to the microsecond");
            assertEquals(Math.min(i, 44) / 30.0, Double.parseDouble(row.get("source_timestamp_s")), 0.002);
            assertEquals(i > 44, Boolean.parseBoolean(row.get("padded")), "index " + i);
        }
    }

    @Test
    void rotationAndSampleAspectRatioAreApplied() throws Exception {
        Path out = tmp.resolve("portrait");
        assertEquals(
                0,
                CliRun.of("frames", "--input", portrait.toString(), "--output", out.toString(), "--indices", "5")
                        .code());
        BufferedImage png = ImageIO.read(out.resolve("000005.png").toFile());
        assertEquals(96, png.getWidth(), "displayed upright");
        assertEquals(160, png.getHeight());
        assertEquals(5, shown(png));

        Path wide = tmp.resolve("sar");
        assertEquals(
                0,
                CliRun.of(
                                "frames",
                                "--input",
                                sar.toString(),
                                "--output",
                                wide.toString(),
                                "--indices",
                                "1",
                                "--short-side",
                                "180")
                        .code());
        BufferedImage disc = ImageIO.read(wide.resolve("000001.png").toFile());
        assertEquals(320, disc.getWidth(), "480x360 at SAR 4:3 shows as 640x360, here at short side 180");
        assertEquals(180, disc.getHeight());
        int left = disc.getWidth(), right = -1, top = disc.getHeight(), bottom = -1;
        for (int y = 0; y < disc.getHeight(); y++) {
            for (int x = 0; x < disc.getWidth(); x++) {
                if (((disc.getRGB(x, y) >> 8) & 0xff) > 128) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        assertEquals(right - left, bottom - top, 3, "the disc is round");
    }

    @Test
    void viewsAreTheProtocolsClipsAsContactSheets() throws Exception {
        // tiny-nl-i3d: Caffe2 sampling, 2 clips of 8 frames at stride 2; full frame, short side 72
        Path out = tmp.resolve("views");
        CliRun r = CliRun.of("frames", "--input", h264.toString(), "--output", out.toString(), "--crops", "0");
        assertEquals(0, r.code(), r.err());
        int n = 45;
        for (int clip = 0; clip < 2; clip++) {
            BufferedImage sheet =
                    ImageIO.read(out.resolve("clip" + clip + "_crop0.png").toFile());
            assertEquals(72, sheet.getHeight());
            assertEquals(8 * 96, sheet.getWidth(), "8 frames of 96x72 across");
            for (int t = 0; t < 8; t++) {
                int expected = (n * clip / 2 + 2 * t) % n; // Caffe2: start floor(N j / K), stride 2, wrapping
                assertEquals(expected, shown(sheet.getSubimage(t * 96, 0, 96, 72)), "clip " + clip + " t " + t);
            }
        }
        assertEquals(2 * 8, csv(out.resolve("frames.csv")).size());

        // a one-frame video: every position after the first repeats it, and says so
        Path single = tmp.resolve("single");
        assertEquals(
                0,
                CliRun.of("frames", "--input", oneFrame.toString(), "--output", single.toString())
                        .code());
        BufferedImage crop = ImageIO.read(single.resolve("clip1_crop0.png").toFile());
        assertEquals(64, crop.getHeight(), "the preset's 64-pixel centre crop");
        assertEquals(8 * 64, crop.getWidth());
        List<CSVRecord> rows = csv(single.resolve("frames.csv"));
        assertEquals(
                List.of("clip", "position", "index", "time_s", "source_timestamp_s", "padded"),
                rows.get(0).getParser().getHeaderNames());
        for (CSVRecord row : rows) {
            assertEquals(!row.get("position").equals("0"), Boolean.parseBoolean(row.get("padded")), row.toString());
        }
    }

    @Test
    void badOptionsExit2AndWriteNothing() throws Exception {
        Path out = tmp.resolve("never");
        for (String[] args : List.of(
                new String[] {"--indices", "1,x"},
                new String[] {"--indices", "-3"},
                new String[] {"--indices", "1", "--short-side", "-1"},
                new String[] {"--deinterlace", "sometimes"},
                new String[] {"--clips", "0"},
                new String[] {"--model", "no-such-preset"})) {
            List<String> all = new java.util.ArrayList<>(
                    List.of("frames", "--input", h264.toString(), "--output", out.toString()));
            all.addAll(List.of(args));
            CliRun r = CliRun.of(all.toArray(String[]::new));
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertFalse(Files.exists(out), String.join(" ", args));
        }
        assertEquals(
                2,
                CliRun.of("frames", "--input", tmp.resolve("gone.mp4").toString(), "--output", out.toString())
                        .code());
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("keep.txt"), "mine");
        assertEquals(
                2,
                CliRun.of("frames", "--input", h264.toString(), "--output", full.toString())
                        .code());
        assertEquals("mine", Files.readString(full.resolve("keep.txt")));
    }

    @Test
    void anUnreadableVideoIsAnErrorWithItsKind() {
        Path out = tmp.resolve("noise-out");
        CliRun r = CliRun.of("frames", "--input", noise.toString(), "--output", out.toString(), "--indices", "0");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("not_a_video"), r.err());
        assertTrue(r.err().contains(noise.toString()), r.err());
        assertFalse(Files.exists(out));
    }
}
