package nlvideo.pipeline.video;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;
import org.bytedeco.javacpp.BytePointer;

/** FFmpeg's text for its negative error codes, for messages a user can act on. */
final class FFmpegErrors {
    private FFmpegErrors() {}

    static String describe(int code) {
        byte[] text = new byte[256];
        try (BytePointer buf = new BytePointer(text.length)) {
            buf.fill(0);
            av_strerror(code, buf, text.length);
            buf.get(text);
        }
        // the buffer is NUL-terminated, not sized to the text: stop at the first NUL
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        return new String(text, 0, end, StandardCharsets.UTF_8) + ", code " + code;
    }
}
