package nlvideo.pipeline.video;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_CORRUPT;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.AVPROBE_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avformat.AVPROBE_SCORE_RETRY;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_DEFAULT;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_guess_sample_aspect_ratio;
import static org.bytedeco.ffmpeg.global.avformat.av_probe_input_format2;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entries_count;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entry;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_FLAG_RGB;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ411P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ440P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ444P;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt_name;
import static org.bytedeco.ffmpeg.global.avutil.av_pix_fmt_desc_get;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIndexEntry;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVProbeData;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;

/**
 * Reads a video's header with libavformat, without opening a decoder or decoding frames, so that a
 * driver can plan clips for thousands of videos cheaply; see {@link VideoInfo} for what it
 * reports.
 *
 * <p>The frame count is what the file holds as far as can be told without decoding ({@link
 * FrameCountSource}): the container's count when it stores one and the file holds every frame its
 * index lists; only the frames whose data lies within the file when the index points past its end
 * (an MP4 cut short, its index at the front); the stream's packets, counted by reading the file,
 * when the header has neither count nor duration (a file written to a pipe, a browser's
 * MediaRecorder WebM) or an index entry lies past the end; else duration x average fps.
 */
public final class VideoProbe {

    /** FFmpeg's AVINDEX_DISCARD_FRAME: an index entry outside the edit list, never shown. */
    private static final int AVINDEX_DISCARD_FRAME = 0x0004;

    private VideoProbe() {}

    /**
     * Probes one file.
     *
     * @throws VideoException with the kind of failure: {@code not_found} (also a symbolic link to
     *     a missing file), {@code unreadable}, {@code empty}, {@code not_a_video}, {@code corrupt},
     *     {@code no_video_stream} (also a file whose only picture is a cover), {@code unsupported}
     */
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
            int vi = videoStream(ctx);
            if (vi < 0) {
                throw VideoException.of(
                        VideoErrorKind.NO_VIDEO_STREAM,
                        path,
                        (vi == -2 ? "only a cover picture (attached picture), no video stream" : "no video stream")
                                + " in the " + container + " container");
            }
            boolean hasAudio =
                    av_find_best_stream(ctx, AVMEDIA_TYPE_AUDIO, -1, -1, (org.bytedeco.ffmpeg.avcodec.AVCodec) null, 0)
                            >= 0;
            return describe(path, ctx, vi, hasAudio);
        } finally {
            avformat_close_input(ctx);
            ctx.close();
        }
    }

    /**
     * The video stream to decode: FFmpeg's best (default disposition first, then the stream with
     * the most frames seen while probing), unless that is an attached picture, then the best of the
     * others (default first, then the largest); -1 when there is no video stream, -2 when the only
     * ones are attached pictures.
     */
    static int videoStream(AVFormatContext ctx) {
        int best = av_find_best_stream(ctx, AVMEDIA_TYPE_VIDEO, -1, -1, (org.bytedeco.ffmpeg.avcodec.AVCodec) null, 0);
        if (best < 0) {
            return -1;
        }
        if ((ctx.streams(best).disposition() & AV_DISPOSITION_ATTACHED_PIC) == 0) {
            return best;
        }
        int chosen = -2;
        long chosenScore = Long.MIN_VALUE;
        for (int i = 0; i < ctx.nb_streams(); i++) {
            AVStream st = ctx.streams(i);
            AVCodecParameters par = st.codecpar();
            if (par.codec_type() != AVMEDIA_TYPE_VIDEO || (st.disposition() & AV_DISPOSITION_ATTACHED_PIC) != 0) {
                continue;
            }
            long score = ((st.disposition() & AV_DISPOSITION_DEFAULT) != 0 ? 1L << 40 : 0)
                    + (long) Math.max(0, par.width()) * Math.max(0, par.height());
            if (score > chosenScore) {
                chosen = i;
                chosenScore = score;
            }
        }
        return chosen;
    }

    static void checkReadable(Path path) throws VideoException {
        if (!Files.exists(path)) {
            if (Files.isSymbolicLink(path)) {
                String target;
                try {
                    target = Files.readSymbolicLink(path).toString();
                } catch (IOException e) {
                    target = "?";
                }
                throw VideoException.of(
                        VideoErrorKind.NOT_FOUND, path, "symbolic link to a missing file (" + target + ")");
            }
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

    private static VideoInfo describe(Path path, AVFormatContext ctx, int vi, boolean hasAudio) throws VideoException {
        AVStream st = ctx.streams(vi);
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
        int[] sar = sampleAspectRatio(av_guess_sample_aspect_ratio(ctx, st, null));
        int[] shown = VideoInfo.displaySize(storedW, storedH, sar[0], sar[1]);
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
        long fileSize = fileSize(path);
        long frames;
        FrameCountSource source;
        long header = st.nb_frames();
        long inFile = header > 0 ? framesWithinFile(st, header, fileSize) : -1;
        if (header > 0 && (inFile < 0 || inFile == header)) {
            frames = header;
            source = FrameCountSource.HEADER;
        } else if (header > 0 && inFile > 0) {
            frames = inFile;
            source = FrameCountSource.INDEX;
            if (avgFps > 0) {
                duration = Math.min(duration, frames / avgFps);
            }
        } else if (header <= 0 && duration > 0 && avgFps > 0 && !indexPastEnd(st, fileSize)) {
            frames = Math.round(duration * avgFps);
            source = FrameCountSource.DURATION;
        } else {
            double[] counted = countPackets(ctx, vi);
            frames = (long) counted[0];
            source = FrameCountSource.PACKETS;
            if (counted[1] > 0) {
                duration = counted[1];
            } else if (avgFps > 0) {
                duration = frames / avgFps;
            }
        }
        if (frames <= 0) {
            throw VideoException.of(VideoErrorKind.EMPTY, path, "video stream holds no frames");
        }
        int format = par.format();
        BytePointer pixName = format >= 0 ? av_get_pix_fmt_name(format) : null;
        return new VideoInfo(
                path.toString(),
                ctx.iformat().name().getString(),
                codec,
                vi,
                storedW,
                storedH,
                sar[0],
                sar[1],
                swap ? shown[1] : shown[0],
                swap ? shown[0] : shown[1],
                rotation,
                avgFps,
                nominalFps,
                duration,
                frames,
                source,
                pixName == null || pixName.isNull() ? "unknown" : pixName.getString(),
                ColorMatrix.resolve(par.color_space(), isRgb(format), storedW, storedH),
                ColorRange.resolve(par.color_range(), isFullRangeFormat(format)),
                FieldOrder.of(par.field_order()),
                hasAudio);
    }

    /**
     * How many of the stream's frames, by its index, lie wholly within the file; -1 when the index
     * does not list every frame with its size (then it cannot tell).
     */
    private static long framesWithinFile(AVStream st, long header, long fileSize) {
        int n = avformat_index_get_entries_count(st);
        long listed = 0;
        long within = 0;
        for (int i = 0; i < n; i++) {
            AVIndexEntry e = avformat_index_get_entry(st, i);
            if (e == null || e.isNull() || (e.flags() & AVINDEX_DISCARD_FRAME) != 0) {
                continue;
            }
            if (e.size() <= 0) {
                return -1;
            }
            listed++;
            if (e.pos() >= 0 && e.pos() + e.size() <= fileSize) {
                within++;
            }
        }
        return listed == header ? within : -1;
    }

    /** Whether any index entry of the stream starts past the end of the file (a cut-off file). */
    private static boolean indexPastEnd(AVStream st, long fileSize) {
        int n = avformat_index_get_entries_count(st);
        for (int i = 0; i < n; i++) {
            AVIndexEntry e = avformat_index_get_entry(st, i);
            if (e != null && !e.isNull() && e.pos() >= fileSize) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads the file's packets (no decoding) and counts those of stream {@code vi} that are whole.
     *
     * @return {packets, seconds from the first packet's start to the last one's end (0 if unknown)}
     */
    private static double[] countPackets(AVFormatContext ctx, int vi) {
        for (int i = 0; i < ctx.nb_streams(); i++) {
            if (i != vi) {
                ctx.streams(i).discard(AVDISCARD_ALL);
            }
        }
        AVStream st = ctx.streams(vi);
        long count = 0;
        long first = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        AVPacket pkt = av_packet_alloc();
        try {
            while (av_read_frame(ctx, pkt) >= 0) {
                if (pkt.stream_index() == vi && (pkt.flags() & AV_PKT_FLAG_CORRUPT) == 0) {
                    count++;
                    long pts = pkt.pts() != AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
                    if (pts != AV_NOPTS_VALUE) {
                        first = Math.min(first, pts);
                        end = Math.max(end, pts + Math.max(0, pkt.duration()));
                    }
                }
                av_packet_unref(pkt);
            }
        } finally {
            av_packet_free(pkt);
        }
        double seconds = end > first ? (end - first) * av_q2d(st.time_base()) : 0;
        return new double[] {count, seconds};
    }

    private static long fileSize(Path path) throws VideoException {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw VideoException.of(VideoErrorKind.UNREADABLE, path, "cannot read file size", e);
        }
    }

    /** The sample aspect ratio {num, den}; 1:1 when unknown or implausible (beyond 1:10 .. 10:1). */
    static int[] sampleAspectRatio(AVRational r) {
        if (r == null || r.num() <= 0 || r.den() <= 0) {
            return new int[] {1, 1};
        }
        double v = (double) r.num() / r.den();
        if (v < 0.1 || v > 10) {
            return new int[] {1, 1};
        }
        int g = gcd(r.num(), r.den());
        return new int[] {r.num() / g, r.den() / g};
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** Whether the pixel format stores RGB samples (no Y'CbCr matrix applies). */
    static boolean isRgb(int pixelFormat) {
        if (pixelFormat < 0) {
            return false;
        }
        AVPixFmtDescriptor d = av_pix_fmt_desc_get(pixelFormat);
        return d != null && !d.isNull() && (d.flags() & AV_PIX_FMT_FLAG_RGB) != 0;
    }

    /** Whether the pixel format implies full range: FFmpeg's yuvj* formats, or RGB. */
    static boolean isFullRangeFormat(int pixelFormat) {
        return pixelFormat == AV_PIX_FMT_YUVJ420P
                || pixelFormat == AV_PIX_FMT_YUVJ422P
                || pixelFormat == AV_PIX_FMT_YUVJ444P
                || pixelFormat == AV_PIX_FMT_YUVJ440P
                || pixelFormat == AV_PIX_FMT_YUVJ411P
                || isRgb(pixelFormat);
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
