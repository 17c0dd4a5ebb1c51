package nlvideo.pipeline.video;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import org.bytedeco.javacpp.BytePointer;

/** FFmpeg's text for its negative error codes, for messages a user can act on. */
final class FFmpegErrors {
    private FFmpegErrors() {
    }

    static String describe(int code) {
        try (BytePointer buf = new BytePointer(256)) {
            av_strerror(code, buf, 256);
            return buf.getString() + ", code " + code;
        }
    }
}
