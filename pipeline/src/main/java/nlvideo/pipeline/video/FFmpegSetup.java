package nlvideo.pipeline.video;

import org.bytedeco.ffmpeg.global.avutil;

/**
 * One-time FFmpeg process settings. FFmpeg logs every damaged packet to stderr; on a collection of
 * real-world videos that is megabytes of noise per executor, and every failure is reported as a
 * typed {@link VideoException} anyway, so only fatal messages are kept.
 */
final class FFmpegSetup {
    private static volatile boolean done;

    private FFmpegSetup() {}

    static void ensure() {
        if (!done) {
            synchronized (FFmpegSetup.class) {
                if (!done) {
                    avutil.av_log_set_level(avutil.AV_LOG_FATAL);
                    done = true;
                }
            }
        }
    }
}
