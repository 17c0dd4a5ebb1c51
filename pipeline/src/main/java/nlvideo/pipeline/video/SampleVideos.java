package nlvideo.pipeline.video;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Writes small test videos whose every frame shows its own index ({@link FrameIndexPattern}), so
 * that tests, the make-samples command and benchmarks work on real encoded files without any
 * download, and a reader can prove which frames it got back.
 */
public final class SampleVideos {

    /** Codec and container pairs that real collections contain. */
    public enum Format {
        H264_MP4("mp4", avcodec.AV_CODEC_ID_H264, avutil.AV_PIX_FMT_YUV420P, "mp4"),
        MPEG4_AVI("avi", avcodec.AV_CODEC_ID_MPEG4, avutil.AV_PIX_FMT_YUV420P, "avi"),
        MPEG4_MP4("mp4", avcodec.AV_CODEC_ID_MPEG4, avutil.AV_PIX_FMT_YUV420P, "mp4"),
        MPEG4_MKV("matroska", avcodec.AV_CODEC_ID_MPEG4, avutil.AV_PIX_FMT_YUV420P, "mkv"),
        VP9_WEBM("webm", avcodec.AV_CODEC_ID_VP9, avutil.AV_PIX_FMT_YUV420P, "webm"),
        MJPEG_AVI("avi", avcodec.AV_CODEC_ID_MJPEG, avutil.AV_PIX_FMT_YUVJ420P, "avi");

        final String container;
        final int codec;
        final int pixelFormat;
        public final String extension;

        Format(String container, int codec, int pixelFormat, String extension) {
            this.container = container;
            this.codec = codec;
            this.pixelFormat = pixelFormat;
            this.extension = extension;
        }
    }

    /**
     * Optional properties of a sample: display rotation (clockwise degrees written to the display
     * matrix; the stored picture is turned the other way so the displayed one carries the pattern
     * upright), variable frame rate (frame k shown for 1 or 2 nominal frame periods, alternately),
     * an audio track, the key frame interval, MP4 "faststart" (index before the data), a sample
     * aspect ratio other than 1 (then the size given is the stored one), and writing through a pipe
     * (the muxer cannot seek back: no duration, no index, as live recorders write).
     */
    public record Extras(
            int rotation,
            boolean variableFrameRate,
            boolean audio,
            int gopSize,
            boolean faststart,
            double sampleAspectRatio,
            boolean piped) {
        public static final Extras NONE = new Extras(0, false, false, 0, false, 1, false);

        public Extras withRotation(int degrees) {
            return new Extras(degrees, variableFrameRate, audio, gopSize, faststart, sampleAspectRatio, piped);
        }

        public Extras withVariableFrameRate() {
            return new Extras(rotation, true, audio, gopSize, faststart, sampleAspectRatio, piped);
        }

        public Extras withAudio() {
            return new Extras(rotation, variableFrameRate, true, gopSize, faststart, sampleAspectRatio, piped);
        }

        public Extras withGop(int frames) {
            return new Extras(rotation, variableFrameRate, audio, frames, faststart, sampleAspectRatio, piped);
        }

        public Extras withFaststart() {
            return new Extras(rotation, variableFrameRate, audio, gopSize, true, sampleAspectRatio, piped);
        }

        /** Pixels {@code ratio} times as wide as high (4/3.0: 480x360 stored shows as 640x360). */
        public Extras withSampleAspectRatio(double ratio) {
            return new Extras(rotation, variableFrameRate, audio, gopSize, faststart, ratio, piped);
        }

        public Extras throughPipe() {
            return new Extras(rotation, variableFrameRate, audio, gopSize, faststart, sampleAspectRatio, true);
        }
    }

    /** Draws frame {@code index} into {@code rgb} (height x width x 3, row-major, interleaved). */
    @FunctionalInterface
    public interface FramePainter {
        void paint(int index, byte[] rgb);
    }

    private SampleVideos() {}

    public static void write(Path out, Format format, int width, int height, double fps, int frames)
            throws IOException {
        write(out, format, width, height, fps, frames, Extras.NONE);
    }

    /**
     * Writes {@code frames} frames of {@code width} x {@code height} (as displayed) at
     * {@code fps}; frame k shows index k.
     */
    public static void write(Path out, Format format, int width, int height, double fps, int frames, Extras extras)
            throws IOException {
        if (frames < 1 || frames > FrameIndexPattern.MAX_INDEX + 1) {
            throw new IllegalArgumentException("frames must be in 1.." + (FrameIndexPattern.MAX_INDEX + 1));
        }
        write(
                out,
                format,
                width,
                height,
                fps,
                frames,
                extras,
                (k, rgb) -> FrameIndexPattern.encode(k, rgb, width, height));
    }

    /**
     * Writes {@code frames} frames of {@code width} x {@code height} (as displayed) at {@code fps},
     * each drawn by {@code painter}. Encoding runs on one thread, so a given painter gives the
     * same bytes every time with the same FFmpeg build.
     */
    public static void write(
            Path out, Format format, int width, int height, double fps, int frames, Extras extras, FramePainter painter)
            throws IOException {
        if (frames < 1) {
            throw new IllegalArgumentException("frames must be >= 1, got " + frames);
        }
        FFmpegSetup.ensure();
        boolean swap = extras.rotation() == 90 || extras.rotation() == 270;
        int sw = swap ? height : width;
        int sh = swap ? width : height;
        ByteArrayOutputStream pipe = extras.piped() ? new ByteArrayOutputStream() : null;
        try (FFmpegFrameRecorder rec = pipe != null
                ? new FFmpegFrameRecorder(pipe, sw, sh, extras.audio() ? 1 : 0)
                : new FFmpegFrameRecorder(out.toFile(), sw, sh, extras.audio() ? 1 : 0)) {
            rec.setFormat(format.container);
            rec.setVideoCodec(format.codec);
            rec.setPixelFormat(format.pixelFormat);
            rec.setFrameRate(fps);
            rec.setVideoQuality(format.codec == avcodec.AV_CODEC_ID_MJPEG ? 3 : 10);
            rec.setVideoOption("threads", "1");
            if (format.codec == avcodec.AV_CODEC_ID_VP9) {
                rec.setVideoOption("deadline", "realtime");
                rec.setVideoOption("cpu-used", "8");
            }
            if (format.codec == avcodec.AV_CODEC_ID_H264) {
                rec.setVideoOption("preset", "veryfast");
                rec.setVideoOption("crf", "20");
            }
            if (extras.gopSize() > 0) {
                rec.setGopSize(extras.gopSize());
            }
            if (extras.rotation() != 0) {
                rec.setDisplayRotation(-extras.rotation());
            }
            if (extras.faststart()) {
                rec.setOption("movflags", "+faststart");
            }
            if (extras.sampleAspectRatio() != 1) {
                rec.setAspectRatio(extras.sampleAspectRatio());
            }
            if (extras.audio()) {
                rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                rec.setSampleRate(16000);
                rec.setAudioChannels(1);
            }
            rec.start();
            try (Frame frame = new Frame(sw, sh, Frame.DEPTH_UBYTE, 3)) {
                byte[] upright = new byte[width * height * 3];
                byte[] stored = new byte[sw * sh * 3];
                long slot = 0;
                for (int k = 0; k < frames; k++) {
                    painter.paint(k, upright);
                    byte[] pic = extras.rotation() == 0
                            ? upright
                            : Rotation.rotate(upright, width, height, (360 - extras.rotation()) % 360);
                    if (pic != upright) {
                        System.arraycopy(pic, 0, stored, 0, stored.length);
                    }
                    putRgb(frame, extras.rotation() == 0 ? upright : stored, sw, sh);
                    if (extras.variableFrameRate()) {
                        rec.setTimestamp(Math.round(slot * 1e6 / fps));
                        slot += (k % 2 == 0) ? 1 : 2;
                    }
                    rec.record(frame, avutil.AV_PIX_FMT_RGB24); // JavaCV takes 3 channels as BGR otherwise
                    if (extras.audio()) {
                        int n = (int) Math.round(16000 / fps);
                        ShortBuffer samples = ShortBuffer.allocate(n);
                        for (int i = 0; i < n; i++) {
                            samples.put(i, (short) (3000 * Math.sin((k * n + i) * 0.05)));
                        }
                        rec.recordSamples(samples);
                    }
                }
            }
            rec.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("cannot write " + out + ": " + e.getMessage(), e);
        }
        if (pipe != null) {
            Files.write(out, pipe.toByteArray());
        }
    }

    /**
     * Timestamps in nominal frame periods of the frames written with
     * {@link Extras#variableFrameRate()}: 0, 1, 3, 4, 6, ...
     */
    public static long variableRateSlot(int k) {
        return (k / 2) * 3L + (k % 2);
    }

    /** Writes a second of audio only (AAC in MP4): a file with no video stream. */
    public static void writeAudioOnly(Path out) throws IOException {
        FFmpegSetup.ensure();
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), 1)) {
            rec.setFormat("mp4");
            rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            rec.setSampleRate(16000);
            rec.start();
            ShortBuffer samples = ShortBuffer.allocate(16000);
            for (int i = 0; i < 16000; i++) {
                samples.put(i, (short) (3000 * Math.sin(i * 0.05)));
            }
            rec.recordSamples(samples);
            rec.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    /**
     * Overwrites {@code fraction} of the file's bytes, from its middle on, with seeded noise: damage
     * inside the stream that a decoder conceals and reports.
     */
    public static void damage(Path file, double fraction, long seed) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Random random = new Random(seed);
        int from = bytes.length / 2;
        int n = (int) Math.min(bytes.length - from, Math.round(bytes.length * fraction));
        for (int i = 0; i < n; i++) {
            bytes[from + i] = (byte) random.nextInt(256);
        }
        Files.write(file, bytes);
    }

    /** Copies the first {@code fraction} of {@code src}'s bytes to {@code dst}: a truncated download. */
    public static void truncate(Path src, Path dst, double fraction) throws IOException {
        byte[] all = Files.readAllBytes(src);
        Files.write(dst, java.util.Arrays.copyOf(all, (int) (all.length * fraction)));
    }

    /** One file of the assorted set: its name and the error kind a probe must report (null: a good video). */
    public record Sample(String name, VideoErrorKind expectedError) {}

    /**
     * Writes a small folder of good and broken files, the kinds a real collection holds; returns
     * what each should probe as. Takes a few seconds.
     */
    public static List<Sample> writeAssorted(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Sample> s = new ArrayList<>();
        write(dir.resolve("h264.mp4"), Format.H264_MP4, 160, 120, 30, 45);
        s.add(new Sample("h264.mp4", null));
        write(dir.resolve("mpeg4.avi"), Format.MPEG4_AVI, 160, 120, 25, 40);
        s.add(new Sample("mpeg4.avi", null));
        write(dir.resolve("mpeg4.mkv"), Format.MPEG4_MKV, 160, 120, 25, 40);
        s.add(new Sample("mpeg4.mkv", null));
        write(dir.resolve("vp9.webm"), Format.VP9_WEBM, 160, 120, 30, 30);
        s.add(new Sample("vp9.webm", null));
        write(dir.resolve("mjpeg.avi"), Format.MJPEG_AVI, 160, 120, 30, 30);
        s.add(new Sample("mjpeg.avi", null));
        // JavaCV's recorder rounds coded sizes up to even (this file is 322x242); odd output
        // sizes come from the decoder's scaling (e.g. short side 241 gives 321x241)
        write(dir.resolve("odd-321x241.avi"), Format.MJPEG_AVI, 321, 241, 30, 30);
        s.add(new Sample("odd-321x241.avi", null));
        write(dir.resolve("portrait-rotated.mp4"), Format.H264_MP4, 96, 160, 30, 30, Extras.NONE.withRotation(90));
        s.add(new Sample("portrait-rotated.mp4", null));
        write(dir.resolve("vfr.mkv"), Format.MPEG4_MKV, 160, 120, 30, 40, Extras.NONE.withVariableFrameRate());
        s.add(new Sample("vfr.mkv", null));
        write(dir.resolve("with-audio.mp4"), Format.H264_MP4, 160, 120, 30, 30, Extras.NONE.withAudio());
        s.add(new Sample("with-audio.mp4", null));
        write(dir.resolve("one-frame.mp4"), Format.H264_MP4, 160, 120, 30, 1);
        s.add(new Sample("one-frame.mp4", null));
        // 120x120 stored, pixels 4:3 wide: shown as 160x120
        write(
                dir.resolve("sar-4x3.mp4"),
                Format.H264_MP4,
                120,
                120,
                30,
                30,
                Extras.NONE.withSampleAspectRatio(4 / 3.0));
        s.add(new Sample("sar-4x3.mp4", null));
        write(dir.resolve("from-pipe.mkv"), Format.MPEG4_MKV, 160, 120, 25, 50, Extras.NONE.throughPipe());
        s.add(new Sample("from-pipe.mkv", null));
        write(dir.resolve("h264-index-first.mp4"), Format.H264_MP4, 160, 120, 30, 90, Extras.NONE.withFaststart());
        truncate(dir.resolve("h264-index-first.mp4"), dir.resolve("truncated-index-first.mp4"), 0.5);
        Files.delete(dir.resolve("h264-index-first.mp4"));
        s.add(new Sample("truncated-index-first.mp4", null));
        write(dir.resolve("damaged-midstream.mp4"), Format.H264_MP4, 160, 120, 30, 90, Extras.NONE.withGop(30));
        damage(dir.resolve("damaged-midstream.mp4"), 0.03, 9);
        s.add(new Sample("damaged-midstream.mp4", null));
        writeAudioOnly(dir.resolve("audio-only.m4a"));
        s.add(new Sample("audio-only.m4a", VideoErrorKind.NO_VIDEO_STREAM));
        Files.write(dir.resolve("zero-bytes.mp4"), new byte[0]);
        s.add(new Sample("zero-bytes.mp4", VideoErrorKind.EMPTY));
        truncate(dir.resolve("h264.mp4"), dir.resolve("truncated.mp4"), 0.5);
        s.add(new Sample("truncated.mp4", VideoErrorKind.CORRUPT));
        byte[] noise = new byte[20_000];
        new Random(42).nextBytes(noise);
        Files.write(dir.resolve("random-bytes.mp4"), noise);
        s.add(new Sample("random-bytes.mp4", VideoErrorKind.NOT_A_VIDEO));
        Files.writeString(dir.resolve("notes.txt"), "not a video\n".repeat(200), StandardCharsets.UTF_8);
        s.add(new Sample("notes.txt", VideoErrorKind.NOT_A_VIDEO));
        return s;
    }

    private static void putRgb(Frame frame, byte[] rgb, int w, int h) {
        ByteBuffer buf = (ByteBuffer) frame.image[0];
        int stride = frame.imageStride;
        for (int y = 0; y < h; y++) {
            buf.put(y * stride, rgb, y * w * 3, w * 3);
        }
    }
}
