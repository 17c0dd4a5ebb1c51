package nlvideo.pipeline.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.av_log_format_line2;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVClass;
import org.bytedeco.ffmpeg.avutil.Callback_Pointer_int_BytePointer_Pointer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * FFmpeg's log, turned into per-video error counts. FFmpeg reports damage it conceals (a broken
 * slice, a missing reference, a bad NAL unit) only by logging it; these messages are the decode
 * errors a user needs to see per video. Several decoders run at once in one JVM (Spark task
 * threads, the decode-ahead threads), and the log is one process-wide callback, so each message is
 * attributed to the video it concerns:
 *
 * <ul>
 *   <li>a message from a demuxer or decoder context that a {@link Errors} tagged (its {@code
 *       opaque} field, which FFmpeg copies into its frame-thread contexts) counts for that video;
 *   <li>any other message at error level (e.g. from the parser context libavformat keeps inside)
 *       counts for the video whose reader runs on the logging thread, if any.
 * </ul>
 *
 * <p>Messages above error level (warnings, info, debug) are ignored. Fatal messages are also
 * printed on stderr, as FFmpeg's default logger would; nothing else is printed, since every
 * failure is reported as a typed {@link VideoException} or counted here.
 */
final class FFmpegLog {

    private static final ConcurrentHashMap<Long, Errors> BY_TAG = new ConcurrentHashMap<>();
    private static final ThreadLocal<Errors> ON_THREAD = new ThreadLocal<>();
    private static final Callback CALLBACK = new Callback();

    private FFmpegLog() {}

    /** The process-wide callback; kept in a static field so that it is never collected. */
    static Callback_Pointer_int_BytePointer_Pointer callback() {
        return CALLBACK;
    }

    /**
     * The error count of one video's reader. Open it before the reader's contexts, tag them with
     * {@link #tag}, and close it when the reader closes. Thread-safe.
     */
    static final class Errors implements AutoCloseable {
        private final IntPointer tag = new IntPointer(1);
        private final AtomicInteger count = new AtomicInteger();
        private Errors previousOnThread;

        Errors() {
            BY_TAG.put(tag.address(), this);
        }

        /** The value to put in the {@code opaque} field of the contexts this video owns. */
        Pointer tag() {
            return tag;
        }

        /** Error messages attributed so far. */
        int count() {
            return count.get();
        }

        /** Counts one error that FFmpeg did not log (a rejected packet, a failed read). */
        void add() {
            count.incrementAndGet();
        }

        /** Attributes untagged messages logged by this thread to this video, until {@link #leave}. */
        void enter() {
            previousOnThread = ON_THREAD.get();
            ON_THREAD.set(this);
        }

        void leave() {
            ON_THREAD.set(previousOnThread);
            previousOnThread = null;
        }

        @Override
        public void close() {
            BY_TAG.remove(tag.address());
            tag.close();
        }
    }

    private static final class Callback extends Callback_Pointer_int_BytePointer_Pointer {
        @Override
        public void call(Pointer avcl, int level, BytePointer fmt, Pointer vl) {
            if (level > AV_LOG_ERROR) {
                return;
            }
            try {
                Errors errors = owner(avcl);
                if (errors != null) {
                    errors.count.incrementAndGet();
                }
                if (level <= AV_LOG_FATAL) {
                    System.err.print("ffmpeg: " + format(avcl, level, fmt, vl));
                }
            } catch (Throwable t) {
                // a logging callback must never throw into native code
            }
        }
    }

    private static Errors owner(Pointer avcl) {
        if (avcl != null && !avcl.isNull()) {
            Pointer classPointer = new PointerPointer<>(avcl).get(0);
            if (classPointer != null && !classPointer.isNull()) {
                BytePointer name = new AVClass(classPointer).class_name();
                String className = name == null || name.isNull() ? "" : name.getString();
                Pointer opaque = null;
                if (className.equals("AVCodecContext")) {
                    opaque = new AVCodecContext(avcl).opaque();
                } else if (className.equals("AVFormatContext")) {
                    opaque = new AVFormatContext(avcl).opaque();
                }
                if (opaque != null && !opaque.isNull()) {
                    Errors tagged = BY_TAG.get(opaque.address());
                    if (tagged != null) {
                        return tagged;
                    }
                }
            }
        }
        return ON_THREAD.get();
    }

    private static String format(Pointer avcl, int level, BytePointer fmt, Pointer vl) {
        byte[] line = new byte[1024];
        try (BytePointer buf = new BytePointer(line.length);
                IntPointer printPrefix = new IntPointer(1)) {
            printPrefix.put(1);
            av_log_format_line2(avcl, level, fmt, vl, buf, line.length, printPrefix);
            return buf.getString(StandardCharsets.UTF_8);
        }
    }
}
