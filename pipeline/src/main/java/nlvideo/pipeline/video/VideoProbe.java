package nlvideo.pipeline.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.AVPROBE_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avformat.AVPROBE_SCORE_RETRY;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_probe_input_format2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt_name;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVProbeData;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;

/**
 * Reads a video's header with libavformat, without opening a decoder or decoding the whole file,
 * so that a driver can plan clips for thousands of videos cheaply. Frame counts come from the
 * container when it stores them (MP4, MOV), else from duration x average fps, marked estimated.
 */
public final class VideoProbe {

    private VideoProbe() {}

    public static VideoInfo probe(Path path) throws VideoException {
        checkReadable(path);
        FFmpegSetup.ensure();
        AVFormatContext ctx = new AVFormatContext(null);
        int ret = avformat_open_input(ctx, path.toAbsolutePath().toString(), null, null);
        if (ret < 0) {
            ctx.close();
            String format = recognisedFormat(path);
            if (format != null) {
                throw VideoException.of(
                        VideoErrorKind.CORRUPT,
                        path,
                        "looks like " + format + " but cannot be opened (" + FFmpegErrors.describe(ret) + ")");
            }
            throw VideoException.of(
                    VideoErrorKind.NOT_A_VIDEO, path, "no known container format (" + FFmpegErrors.describe(ret) + ")");
        }
        try {
            ret = avformat_find_stream_info(ctx, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
            if (ret < 0) {
                throw VideoException.of(
                        VideoErrorKind.CORRUPT,
                        path,
                        "cannot read stream information (" + FFmpegErrors.describe(ret) + ")");
            }
            String container = ctx.iformat().name().getString();
            if (container.equals("tty")) {
                // FFmpeg reads any text as ANSI art: a "video" no collection means to hold
                throw VideoException.of(VideoErrorKind.NOT_A_VIDEO, path, "a text file, not a video");
            }
            int vi =
                    av_find_best_stream(ctx, AVMEDIA_TYPE_VIDEO, -1, -1, (org.bytedeco.ffmpeg.avcodec.AVCodec) null, 0);
            if (vi < 0) {
                throw VideoException.of(
                        VideoErrorKind.NO_VIDEO_STREAM,
                        path,
                        "no video stream in the " + ctx.iformat().name().getString() + " container");
            }
            boolean hasAudio =
                    av_find_best_stream(ctx, AVMEDIA_TYPE_AUDIO, -1, -1, (org.bytedeco.ffmpeg.avcodec.AVCodec) null, 0)
                            >= 0;
            return describe(path, ctx, ctx.streams(vi), hasAudio);
        } finally {
            avformat_close_input(ctx);
            ctx.close();
        }
    }

    static void checkReadable(Path path) throws VideoException {
        if (!Files.exists(path)) {
            throw VideoException.of(VideoErrorKind.NOT_FOUND, path, "no such file");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw VideoException.of(VideoErrorKind.UNREADABLE, path, "not a readable regular file");
        }
        try {
            if (Files.size(path) == 0) {
                throw VideoException.of(VideoErrorKind.EMPTY, path, "the file is empty (0 bytes)");
            }
        } catch (IOException e) {
            throw VideoException.of(VideoErrorKind.UNREADABLE, path, "cannot read file size", e);
        }
    }

    /**
     * The container FFmpeg recognises from the file's first bytes with good confidence, or null:
     * tells a damaged video (a truncated MP4 whose index is lost) from a file that never was one.
     */
    static String recognisedFormat(Path path) {
        byte[] head;
        try (java.io.InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(64 * 1024);
        } catch (IOException e) {
            return null;
        }
        try (BytePointer buf = new BytePointer(head.length + AVPROBE_PADDING_SIZE);
                BytePointer name = new BytePointer(path.getFileName().toString());
                IntPointer score = new IntPointer(1);
                AVProbeData pd = new AVProbeData()) {
            buf.put(head, 0, head.length);
            for (int i = 0; i < AVPROBE_PADDING_SIZE; i++) {
                buf.put(head.length + i, (byte) 0);
            }
            pd.buf(buf).buf_size(head.length).filename(name);
            score.put(0, AVPROBE_SCORE_RETRY);
            AVInputFormat f = av_probe_input_format2(pd, 1, score);
            return f == null || f.isNull() ? null : f.name().getString();
        }
    }

    private static VideoInfo describe(Path path, AVFormatContext ctx, AVStream st, boolean hasAudio)
            throws VideoException {
        AVCodecParameters par = st.codecpar();
        int codecId = par.codec_id();
        String codec = avcodec_get_name(codecId).getString();
        if (avcodec_find_decoder(codecId) == null) {
            throw VideoException.of(VideoErrorKind.UNSUPPORTED, path, "no decoder for codec " + codec);
        }
        int storedW = par.width();
        int storedH = par.height();
        if (storedW <= 0 || storedH <= 0) {
            throw VideoException.of(VideoErrorKind.CORRUPT, path, "video stream has no picture size");
        }
        int rotation = rotation(par);
        boolean swap = rotation == 90 || rotation == 270;
        double avgFps = rate(st.avg_frame_rate());
        double nominalFps = rate(st.r_frame_rate());
        if (avgFps <= 0) {
            avgFps = nominalFps;
        }
        if (nominalFps <= 0) {
            nominalFps = avgFps;
        }
        double duration = 0;
        if (st.duration() != AV_NOPTS_VALUE && st.duration() > 0) {
            duration = st.duration() * av_q2d(st.time_base());
        } else if (ctx.duration() != AV_NOPTS_VALUE && ctx.duration() > 0) {
            duration = ctx.duration() / (double) AV_TIME_BASE;
        }
        long frames = st.nb_frames();
        boolean estimated = frames <= 0;
        if (estimated) {
            frames = Math.round(duration * avgFps);
        }
        if (frames <= 0 && duration <= 0 && avgFps <= 0) {
            throw VideoException.of(VideoErrorKind.EMPTY, path, "video stream holds no frames");
        }
        BytePointer pixName = par.format() >= 0 ? av_get_pix_fmt_name(par.format()) : null;
        return new VideoInfo(
                path.toString(),
                ctx.iformat().name().getString(),
                codec,
                swap ? storedH : storedW,
                swap ? storedW : storedH,
                rotation,
                avgFps,
                nominalFps,
                duration,
                frames,
                estimated,
                pixName == null ? "unknown" : pixName.getString(),
                hasAudio);
    }

    /**
     * The clockwise rotation (0, 90, 180, 270) that turns the stored picture into the displayed one:
     * the display matrix holds the counter-clockwise angle, as FFmpeg's own autorotate reads it.
     */
    static int rotation(AVCodecParameters par) {
        AVPacketSideData sd =
                av_packet_side_data_get(par.coded_side_data(), par.nb_coded_side_data(), AV_PKT_DATA_DISPLAYMATRIX);
        if (sd == null || sd.isNull() || sd.size() < 9 * 4) {
            return 0;
        }
        double ccw = av_display_rotation_get(new IntPointer(sd.data()));
        if (Double.isNaN(ccw)) {
            return 0;
        }
        long cw = Math.round(-ccw / 90.0) * 90;
        return (int) (((cw % 360) + 360) % 360);
    }

    private static double rate(AVRational r) {
        return r == null || r.den() == 0 || r.num() <= 0 ? 0 : av_q2d(r);
    }
}
