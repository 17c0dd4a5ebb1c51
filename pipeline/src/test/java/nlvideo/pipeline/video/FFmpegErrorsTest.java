package nlvideo.pipeline.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;

/** Error texts end at FFmpeg's NUL terminator: no bytes of the rest of the buffer leak into messages. */
class FFmpegErrorsTest {

    @Test
    void invalidDataHasFFmpegsExactText() {
        FFmpegSetup.ensure();
        assertEquals(
                "Invalid data found when processing input, code " + avutil.AVERROR_INVALIDDATA(),
                FFmpegErrors.describe(avutil.AVERROR_INVALIDDATA()));
    }
}
