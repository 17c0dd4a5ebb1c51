package nlvideo.pipeline.video;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV411P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV440P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV444P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ411P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ440P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ444P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_DEFAULT;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;
import static org.bytedeco.ffmpeg.presets.avutil.AVERROR_EAGAIN;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One sequential read of one video stream with libavformat and libavcodec: the packets of the
 * stream the probe chose ({@link VideoInfo#streamIndex()}; other streams are discarded unread),
 * decoded in presentation order, deinterlaced when {@link Deinterlace} says so, and on request
 * converted by swscale to packed RGB with the frame's own colour matrix and range. Errors FFmpeg
 * logs or returns while reading are counted ({@link #errors()}).
 *
 * <p>Used by one thread at a time; several readers may run at once on different threads.
 */
final class StreamReader implements AutoCloseable {

    /** AV_FRAME_FLAG_INTERLACED (1 << 3): the frame holds two fields. */
    private static final int FRAME_FLAG_INTERLACED = 1 << 3;

    /** A stream that keeps failing to read is at its end: this many failed reads in a row. */
    private static final int MAX_READ_FAILURES = 64;

    private final Path path;
    private final VideoInfo info;
    private final Deinterlace deinterlace;
    private final int threads;
    private final FFmpegLog.Errors errors = new FFmpegLog.Errors();
    private final AVFormatContext format = new AVFormatContext(null);
    private AVCodecContext decoder;
    private AVStream stream;
    private final AVPacket packet = av_packet_alloc();
    private final AVFrame decoded = av_frame_alloc();
    private final AVFrame filtered = av_frame_alloc();
    private AVFrame current;
    private Deinterlacer deinterlacer;
    private boolean inputEnded;
    private boolean filterFlushed;
    private long lastTimestamp = AV_NOPTS_VALUE;
    private double timeBase;

    private SwsContext sws;
    private ScalerKey swsKey;
    private BytePointer rgb;
    private int rgbStride;

    private StreamReader(Path path, VideoInfo info, Deinterlace deinterlace, int threads) {
        this.path = path;
        this.info = info;
        this.deinterlace = deinterlace;
        this.threads = threads;
    }

    /**
     * Opens the file's stream {@code info.streamIndex()} for decoding.
     *
     * @param threads decoder threads (0: FFmpeg's choice; 1 when Spark already runs one task per core)
     * @throws VideoException {@code corrupt} when the container or decoder cannot be opened,
     *     {@code no_video_stream} when the stream is not there, {@code unsupported} without a decoder
     */
    static StreamReader open(Path path, VideoInfo info, Deinterlace deinterlace, int threads) throws VideoException {
        FFmpegSetup.ensure();
        StreamReader r = new StreamReader(path, info, deinterlace, threads);
        try {
            r.start();
            return r;
        } catch (VideoException | RuntimeException e) {
            r.close();
            throw e;
        }
    }

    private void start() throws VideoException {
        errors.enter();
        try {
            int ret = avformat_open_input(format, path.toAbsolutePath().toString(), null, null);
            if (ret < 0) {
                throw VideoException.of(
                        VideoErrorKind.CORRUPT, path, "cannot open for decoding (" + FFmpegErrors.describe(ret) + ")");
            }
            format.opaque(errors.tag());
            ret = avformat_find_stream_info(format, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
            if (ret < 0) {
                throw VideoException.of(
                        VideoErrorKind.CORRUPT,
                        path,
                        "cannot read stream information (" + FFmpegErrors.describe(ret) + ")");
            }
            int index = info.streamIndex();
            if (index < 0 || index >= format.nb_streams()) {
                throw VideoException.of(VideoErrorKind.NO_VIDEO_STREAM, path, "no stream " + index + " to decode");
            }
            for (int i = 0; i < format.nb_streams(); i++) {
                if (i != index) {
                    format.streams(i).discard(AVDISCARD_ALL);
                }
            }
            stream = format.streams(index);
            timeBase = av_q2d(stream.time_base());
            AVCodec codec = avcodec_find_decoder(stream.codecpar().codec_id());
            if (codec == null || codec.isNull()) {
                throw VideoException.of(VideoErrorKind.UNSUPPORTED, path, "no decoder for stream " + index);
            }
            decoder = avcodec_alloc_context3(codec);
            ret = avcodec_parameters_to_context(decoder, stream.codecpar());
            if (ret >= 0) {
                decoder.opaque(errors.tag());
                decoder.thread_count(threads);
                decoder.pkt_timebase(stream.time_base());
                ret = avcodec_open2(decoder, codec, (PointerPointer<?>) null);
            }
            if (ret < 0) {
                throw VideoException.of(
                        VideoErrorKind.CORRUPT, path, "cannot open the decoder (" + FFmpegErrors.describe(ret) + ")");
            }
        } finally {
            errors.leave();
        }
    }

    /**
     * Moves to the next frame in presentation order.
     *
     * @return false at the end of the stream
     * @throws VideoException {@code unsupported} when deinterlacing cannot be set up
     */
    boolean next() throws VideoException {
        errors.enter();
        try {
            int failures = 0;
            while (true) {
                if (deinterlacer != null) {
                    av_frame_unref(filtered);
                    int ret = deinterlacer.pull(filtered);
                    if (ret >= 0) {
                        return found(filtered);
                    }
                    if (ret == AVERROR_EOF) {
                        return false;
                    }
                }
                int logged = errors.count();
                int ret = avcodec_receive_frame(decoder, decoded);
                if (ret >= 0) {
                    if (startDeinterlacing(decoded)) {
                        deinterlacer.push(decoded);
                        continue;
                    }
                    return found(decoded);
                }
                if (ret == AVERROR_EAGAIN()) {
                    feed();
                } else if (ret == AVERROR_EOF) {
                    if (deinterlacer == null || filterFlushed) {
                        return false;
                    }
                    deinterlacer.push(null);
                    filterFlushed = true;
                } else {
                    countUnlogged(logged);
                    if (++failures > MAX_READ_FAILURES) {
                        return false;
                    }
                }
            }
        } finally {
            errors.leave();
        }
    }

    /** Sends the stream's next packet to the decoder, or the end-of-stream signal. */
    private void feed() {
        int failures = 0;
        while (!inputEnded) {
            int logged = errors.count();
            int ret = av_read_frame(format, packet);
            if (ret < 0) {
                if (ret != AVERROR_EOF && ++failures < MAX_READ_FAILURES) {
                    countUnlogged(logged);
                    continue;
                }
                avcodec_send_packet(decoder, null);
                inputEnded = true;
                return;
            }
            if (packet.stream_index() != stream.index()) {
                av_packet_unref(packet);
                continue;
            }
            logged = errors.count();
            ret = avcodec_send_packet(decoder, packet);
            av_packet_unref(packet);
            if (ret < 0 && ret != AVERROR_EAGAIN()) {
                countUnlogged(logged);
            }
            return;
        }
    }

    /**
     * Counts a failure FFmpeg returned, unless it logged it since {@code loggedBefore} (then the
     * message was counted).
     */
    private void countUnlogged(int loggedBefore) {
        if (errors.count() == loggedBefore) {
            errors.add();
        }
    }

    private boolean startDeinterlacing(AVFrame frame) throws VideoException {
        if (deinterlacer != null) {
            return true;
        }
        boolean flagged = (frame.flags() & FRAME_FLAG_INTERLACED) != 0;
        boolean wanted = deinterlace == Deinterlace.ON
                || (deinterlace == Deinterlace.AUTO
                        && (flagged || info.fieldOrder().interlaced()));
        if (!wanted) {
            return false;
        }
        deinterlacer = new Deinterlacer(path, frame, stream.time_base(), deinterlace, Math.max(1, threads));
        filterFlushed = false;
        return true;
    }

    private boolean found(AVFrame frame) {
        current = frame;
        long ts = frame.best_effort_timestamp();
        if (ts == AV_NOPTS_VALUE) {
            ts = frame.pts();
        }
        if (ts == AV_NOPTS_VALUE) {
            double fps = info.avgFps() > 0 ? info.avgFps() : 25;
            ts = lastTimestamp == AV_NOPTS_VALUE ? 0 : lastTimestamp + Math.max(1, Math.round(1 / (fps * timeBase)));
        }
        lastTimestamp = ts;
        return true;
    }

    /** The current frame's presentation time in microseconds on the stream's clock. */
    long timestampMicros() {
        return Math.round(lastTimestamp * timeBase * 1e6);
    }

    /** The current frame's presentation time in seconds, as {@code ffprobe} prints {@code pts_time}. */
    double timestampSeconds() {
        return lastTimestamp * timeBase;
    }

    /** Errors counted so far (logged by FFmpeg for this video, or returned to this reader). */
    int errors() {
        return errors.count();
    }

    /**
     * Seeks to the key frame at or before {@code micros} (on the stream's clock); the next frame
     * read is that key frame or a later one.
     *
     * @return false when the container cannot seek
     */
    boolean seek(long micros) {
        errors.enter();
        try {
            long target = Math.round(micros / 1e6 / timeBase);
            if (av_seek_frame(format, stream.index(), target, AVSEEK_FLAG_BACKWARD) < 0) {
                return false;
            }
            avcodec_flush_buffers(decoder);
            if (deinterlacer != null) {
                deinterlacer.close();
                deinterlacer = null;
            }
            inputEnded = false;
            filterFlushed = false;
            lastTimestamp = AV_NOPTS_VALUE;
            return true;
        } finally {
            errors.leave();
        }
    }

    /**
     * The current frame as packed RGB (height x width x 3, row-major), scaled by swscale to
     * {@code width} x {@code height} (stored orientation: rotation is the caller's) with the
     * frame's colour matrix and range (the stream's, as probed, when the frame does not say).
     */
    byte[] rgb(int width, int height) {
        AVFrame f = current;
        int pixelFormat = f.format();
        ColorMatrix matrix = f.colorspace() != AVCOL_SPC_UNSPECIFIED
                ? ColorMatrix.resolve(f.colorspace(), VideoProbe.isRgb(pixelFormat), f.width(), f.height())
                : VideoProbe.isRgb(pixelFormat) ? ColorMatrix.RGB : info.colorMatrix();
        ColorRange range = f.color_range() != AVCOL_RANGE_UNSPECIFIED
                ? ColorRange.resolve(f.color_range(), VideoProbe.isFullRangeFormat(pixelFormat))
                : VideoProbe.isFullRangeFormat(pixelFormat) ? ColorRange.FULL : info.colorRange();
        prepareScaler(f.width(), f.height(), pixelFormat, width, height, matrix, range);
        try (PointerPointer<BytePointer> dst = new PointerPointer<>(1);
                IntPointer dstStride = new IntPointer(1)) {
            dst.put(0, rgb);
            dstStride.put(0, rgbStride);
            sws_scale(sws, f.data(), f.linesize(), 0, f.height(), dst, dstStride);
        }
        int row = width * 3;
        byte[] out = new byte[row * height];
        if (rgbStride == row) {
            rgb.get(out, 0, out.length);
        } else {
            for (int y = 0; y < height; y++) {
                rgb.position((long) y * rgbStride).get(out, y * row, row);
            }
            rgb.position(0);
        }
        return out;
    }

    private void prepareScaler(
            int srcW, int srcH, int pixelFormat, int dstW, int dstH, ColorMatrix matrix, ColorRange range) {
        ScalerKey key = new ScalerKey(srcW, srcH, pixelFormat, dstW, dstH, matrix, range);
        if (sws != null && key.equals(swsKey)) {
            return;
        }
        if (sws != null) {
            sws_freeContext(sws);
        }
        // the deprecated full-range formats are their limited twins plus a range flag, set below
        sws = sws_getContext(
                srcW,
                srcH,
                limitedTwin(pixelFormat),
                dstW,
                dstH,
                AV_PIX_FMT_RGB24,
                SWS_BILINEAR,
                null,
                null,
                (DoublePointer) null);
        if (sws == null || sws.isNull()) {
            throw new IllegalStateException("swscale cannot convert pixel format " + pixelFormat + " of " + path);
        }
        if (matrix != ColorMatrix.RGB) {
            IntPointer coefficients = sws_getCoefficients(matrix.swsCoefficients());
            sws_setColorspaceDetails(
                    sws,
                    coefficients,
                    range == ColorRange.FULL ? 1 : 0,
                    sws_getCoefficients(SWS_CS_DEFAULT),
                    1,
                    0,
                    1 << 16,
                    1 << 16);
        }
        swsKey = key;
        int stride = (dstW * 3 + 63) / 64 * 64;
        if (rgb == null || rgbStride != stride || rgb.capacity() < (long) stride * dstH + 64) {
            if (rgb != null) {
                rgb.close();
            }
            rgb = new BytePointer((long) stride * dstH + 64);
            rgbStride = stride;
        }
    }

    /** What a swscale context is set up for. */
    private record ScalerKey(
            int srcW, int srcH, int pixelFormat, int dstW, int dstH, ColorMatrix matrix, ColorRange range) {}

    private static int limitedTwin(int pixelFormat) {
        if (pixelFormat == AV_PIX_FMT_YUVJ420P) {
            return AV_PIX_FMT_YUV420P;
        }
        if (pixelFormat == AV_PIX_FMT_YUVJ422P) {
            return AV_PIX_FMT_YUV422P;
        }
        if (pixelFormat == AV_PIX_FMT_YUVJ444P) {
            return AV_PIX_FMT_YUV444P;
        }
        if (pixelFormat == AV_PIX_FMT_YUVJ440P) {
            return AV_PIX_FMT_YUV440P;
        }
        if (pixelFormat == AV_PIX_FMT_YUVJ411P) {
            return AV_PIX_FMT_YUV411P;
        }
        return pixelFormat;
    }

    @Override
    public void close() {
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        if (rgb != null) {
            rgb.close();
        }
        if (deinterlacer != null) {
            deinterlacer.close();
            deinterlacer = null;
        }
        av_frame_free(decoded);
        av_frame_free(filtered);
        av_packet_free(packet);
        if (decoder != null) {
            avcodec_free_context(decoder);
            decoder = null;
        }
        if (!format.isNull()) {
            avformat_close_input(format);
        }
        format.close();
        errors.close();
    }
}
