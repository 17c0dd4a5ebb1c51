package nlvideo.pipeline.video;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Writes, with the {@code ffmpeg} command line, one file of each kind of real-world video that
 * other pipelines get wrong (the kinds of issue 9), with values known from how they were made:
 * every frame shows its own index ({@link FrameIndexPattern}) unless said otherwise.
 */
public final class RealWorldVideos {
    private RealWorldVideos() {}

    /** The index drawn on the cover picture of {@link #coverArtFirst}. */
    public static final int COVER_INDEX = 4000;

    /** Offset of the indices drawn on the preview stream of {@link #previewStreamFirst}. */
    public static final int PREVIEW_OFFSET = 2000;

    /** Frames of {@link #coverArtFirst} (25 fps, 320x240). */
    public static final int COVER_ART_FRAMES = 50;

    /** Frames of {@link #fromPipe} (25 fps, 160x120). */
    public static final int PIPE_FRAMES = 75;

    /** Frames of {@link #damagedMidstream} and {@link #truncatedIndexFirst} before damage (30 fps). */
    public static final int LONG_FRAMES = 150;

    /** Frames of {@link #interlaced} (25 interlaced frames/s from 50 progressive pictures/s). */
    public static final int INTERLACED_FRAMES = 50;

    private static SampleVideos.FramePainter pattern(int width, int height, int offset) {
        return (k, rgb) -> FrameIndexPattern.encode(k + offset, rgb, width, height);
    }

    /**
     * MP4 whose stream 0 is a 600x600 cover picture (MJPEG, attached picture) showing {@link
     * #COVER_INDEX}, stream 1 the real 320x240 H.264 video ({@link #COVER_ART_FRAMES} frames at 25
     * fps), stream 2 AAC audio.
     */
    public static Path coverArtFirst(Path out) throws IOException {
        Path tmp = Files.createTempDirectory(out.toAbsolutePath().getParent(), "cover");
        Path video = tmp.resolve("video.mp4");
        FfmpegCli.encode(320, 240, 25, COVER_ART_FRAMES, pattern(320, 240, 0), h264(video));
        Path cover = tmp.resolve("cover.png");
        FfmpegCli.encode(
                600,
                600,
                1,
                1,
                (k, rgb) -> FrameIndexPattern.encode(COVER_INDEX, rgb, 600, 600),
                "-frames:v",
                "1",
                cover.toString());
        FfmpegCli.ffmpeg(
                "-i",
                cover.toString(),
                "-i",
                video.toString(),
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:duration=2",
                "-map",
                "0:v",
                "-map",
                "1:v",
                "-map",
                "2:a",
                "-c:v:0",
                "mjpeg",
                "-c:v:1",
                "copy",
                "-c:a",
                "aac",
                "-disposition:v:0",
                "attached_pic",
                out.toString());
        metadataFirst(out);
        return out;
    }

    /**
     * Moves the {@code udta} box (the iTunes metadata, where an MP4 keeps its cover) ahead of the
     * tracks inside {@code moov}, as tagging tools (AtomicParsley, iTunes) write it: FFmpeg then
     * lists the cover as stream 0, before the video. The media data does not move.
     */
    private static void metadataFirst(Path mp4) throws IOException {
        byte[] b = Files.readAllBytes(mp4);
        ByteBuffer buf = ByteBuffer.wrap(b);
        for (int off = 0; off + 8 <= b.length; ) {
            int size = buf.getInt(off);
            if (new String(b, off + 4, 4, StandardCharsets.ISO_8859_1).equals("moov")) {
                List<byte[]> children = new ArrayList<>();
                for (int c = off + 8; c < off + size; c += buf.getInt(c)) {
                    children.add(Arrays.copyOfRange(b, c, c + buf.getInt(c)));
                }
                children.sort(Comparator.comparing(
                        child -> !new String(child, 4, 4, StandardCharsets.ISO_8859_1).equals("udta")));
                int at = off + 8;
                for (byte[] child : children) {
                    System.arraycopy(child, 0, b, at, child.length);
                    at += child.length;
                }
                Files.write(mp4, b);
                return;
            }
            off += size;
        }
        throw new IOException("no moov box in " + mp4);
    }

    /**
     * Matroska with a 160x120 preview first (indices + {@link #PREVIEW_OFFSET}, not default) and
     * the 640x360 main video second (marked default), 50 frames each at 25 fps.
     */
    public static Path previewStreamFirst(Path out) throws IOException {
        Path tmp = Files.createTempDirectory(out.toAbsolutePath().getParent(), "streams");
        Path preview = tmp.resolve("preview.mp4");
        Path main = tmp.resolve("main.mp4");
        FfmpegCli.encode(160, 120, 25, 50, pattern(160, 120, PREVIEW_OFFSET), h264(preview));
        FfmpegCli.encode(640, 360, 25, 50, pattern(640, 360, 0), h264(main));
        FfmpegCli.ffmpeg(
                "-i",
                preview.toString(),
                "-i",
                main.toString(),
                "-map",
                "0:v",
                "-map",
                "1:v",
                "-c",
                "copy",
                "-disposition:v:0",
                "0",
                "-disposition:v:1",
                "default",
                out.toString());
        return out;
    }

    /**
     * Nine vertical stripes of the given RGB colours, converted to Y'CbCr by ffmpeg's swscale with
     * {@code matrix} and {@code range} (swscale names: bt601, bt709, bt2020; tv, pc), encoded
     * losslessly (H.264 qp 0, 4:2:0) in MP4; the stream is tagged with them when {@code tagged}.
     * 10 frames at 25 fps.
     */
    public static Path stripes(
            Path out, int width, int height, int[][] colours, String matrix, String range, boolean tagged)
            throws IOException {
        SampleVideos.FramePainter painter = (k, rgb) -> {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int[] c = colours[x * colours.length / width];
                    int p = (y * width + x) * 3;
                    rgb[p] = (byte) c[0];
                    rgb[p + 1] = (byte) c[1];
                    rgb[p + 2] = (byte) c[2];
                }
            }
        };
        String vf = "scale=out_color_matrix=" + matrix + ":out_range=" + range + ",format=yuv420p";
        String tag = switch (matrix) {
            case "bt709" -> "bt709";
            case "bt2020" -> "bt2020nc";
            default -> "smpte170m";
        };
        String primaries = switch (matrix) {
            case "bt709" -> "bt709";
            case "bt2020" -> "bt2020";
            default -> "smpte170m";
        };
        List<String> args = new ArrayList<>(List.of("-vf", vf, "-c:v", "libx264", "-qp", "0", "-preset", "ultrafast"));
        if (tagged) {
            String trc = primaries.equals("bt2020") ? "bt2020-10" : primaries;
            args.addAll(List.of(
                    "-colorspace", tag, "-color_primaries", primaries, "-color_trc", trc, "-color_range", range));
        }
        args.add(out.toString());
        FfmpegCli.encode(width, height, 25, 10, painter, args.toArray(new String[0]));
        return out;
    }

    /**
     * 480x360 H.264 stored with sample aspect ratio 4:3 (displayed 640x360), 10 frames at 25 fps,
     * each showing a white disc of radius {@code radius} centred in the displayed picture, drawn
     * squeezed into the stored one (so that it is round only when the aspect ratio is applied).
     */
    public static Path nonSquarePixels(Path out, int radius) throws IOException {
        int sw = 480;
        int sh = 360;
        SampleVideos.FramePainter painter = (k, rgb) -> {
            for (int y = 0; y < sh; y++) {
                for (int x = 0; x < sw; x++) {
                    double dx = (x + 0.5) * 640.0 / sw - 320;
                    double dy = y + 0.5 - 180;
                    byte v = (byte) (dx * dx + dy * dy <= (double) radius * radius ? 255 : 0);
                    int p = (y * sw + x) * 3;
                    rgb[p] = v;
                    rgb[p + 1] = v;
                    rgb[p + 2] = v;
                }
            }
        };
        FfmpegCli.encode(sw, sh, 25, 10, painter, "-vf", "setsar=4/3", "-c:v", "libx264", "-crf", "10", out.toString());
        return out;
    }

    /**
     * {@link #PIPE_FRAMES} frames of 160x120 at 25 fps written by ffmpeg to a pipe (its standard
     * output): no duration, no frame count, no index. {@code container} "matroska" (H.264) or
     * "webm" (VP8).
     */
    public static Path fromPipe(Path out, String container) throws IOException {
        String[] codec = container.equals("webm")
                ? new String[] {"-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "1M"}
                : new String[] {"-c:v", "libx264", "-preset", "veryfast", "-crf", "15", "-pix_fmt", "yuv420p"};
        List<String> args = new ArrayList<>(List.of(codec));
        args.addAll(List.of("-f", container, "-"));
        FfmpegCli.encodeThroughPipe(out, 160, 120, 25, PIPE_FRAMES, pattern(160, 120, 0), args.toArray(new String[0]));
        return out;
    }

    /**
     * A 320x240 H.264 MP4 of {@link #LONG_FRAMES} frames at 30 fps with its index at the front
     * ({@code +faststart}), cut at half its size: the header still says {@link #LONG_FRAMES}.
     */
    public static Path truncatedIndexFirst(Path out) throws IOException {
        Path tmp = Files.createTempDirectory(out.toAbsolutePath().getParent(), "trunc");
        Path whole = tmp.resolve("whole.mp4");
        longH264(whole, "-movflags", "+faststart");
        SampleVideos.truncate(whole, out, 0.5);
        return out;
    }

    /**
     * A 320x240 H.264 MP4 of {@link #LONG_FRAMES} frames at 30 fps, index at the end, with 3% of its
     * bytes overwritten by noise in the middle of the stream data.
     */
    public static Path damagedMidstream(Path out) throws IOException {
        longH264(out);
        SampleVideos.damage(out, 0.03, 9);
        return out;
    }

    /** Rows of {@link #interlaced}'s pictures that show the frame index; the moving bar is below. */
    public static final int INTERLACED_PATTERN_ROWS = 160;

    /** Left edge, in pixels, of the moving bar in progressive picture {@code p} of {@link #interlaced}. */
    public static int interlacedBarX(int picture) {
        return (10 + 6 * picture) % 300;
    }

    /**
     * Where row {@code y} of a decoded frame of {@link #interlaced} (RGB, {@code w} pixels wide)
     * shows the moving bar: its first column brighter than mid-grey, or -1.
     */
    public static int interlacedBarLeft(byte[] rgb, int w, int y) {
        for (int x = 0; x < w; x++) {
            if ((rgb[(y * w + x) * 3 + 1] & 0xff) > 128) {
                return x;
            }
        }
        return -1;
    }

    /** Width of the moving bar of {@link #interlaced}. */
    public static final int INTERLACED_BAR_WIDTH = 16;

    /**
     * MPEG-2 in MPEG-TS, 320x240, {@link #INTERLACED_FRAMES} interlaced frames at 25 frames/s, top
     * field first, from 100 progressive pictures at 50/s: frame k weaves picture 2k (top field,
     * shown first) with picture 2k + 1 (bottom field). Picture p shows the index p / 2 in its top
     * {@link #INTERLACED_PATTERN_ROWS} rows (the same in both fields of a frame) and, below, a
     * white bar at {@link #interlacedBarX}(p) that moves 6 pixels per picture: what combs.
     */
    public static Path interlaced(Path out) throws IOException {
        int w = 320;
        int h = 240;
        int patternRows = INTERLACED_PATTERN_ROWS;
        byte[] top = new byte[w * patternRows * 3];
        SampleVideos.FramePainter painter = (p, rgb) -> {
            FrameIndexPattern.encode(p / 2, top, w, patternRows);
            System.arraycopy(top, 0, rgb, 0, top.length);
            int x0 = interlacedBarX(p);
            for (int y = patternRows; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    byte v = (byte) (x >= x0 && x < x0 + INTERLACED_BAR_WIDTH ? 255 : 0);
                    int i = (y * w + x) * 3;
                    rgb[i] = v;
                    rgb[i + 1] = v;
                    rgb[i + 2] = v;
                }
            }
        };
        FfmpegCli.encode(
                w,
                h,
                50,
                2 * INTERLACED_FRAMES,
                painter,
                "-vf",
                "tinterlace=mode=interleave_top,setfield=tff",
                "-c:v",
                "mpeg2video",
                "-flags",
                "+ilme+ildct",
                "-top",
                "1",
                "-q:v",
                "2",
                "-f",
                "mpegts",
                out.toString());
        return out;
    }

    /** {@link #LONG_FRAMES} frames of 320x240 H.264 at 30 fps, a key frame each second, into {@code out}. */
    private static void longH264(Path out, String... extra) throws IOException {
        List<String> args =
                new ArrayList<>(List.of("-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-g", "30"));
        args.addAll(List.of(extra));
        args.add(out.toString());
        FfmpegCli.encode(320, 240, 30, LONG_FRAMES, pattern(320, 240, 0), args.toArray(new String[0]));
    }

    private static String[] h264(Path out) {
        return new String[] {
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "15", "-pix_fmt", "yuv420p", out.toString()
        };
    }
}
