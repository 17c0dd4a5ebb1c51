package nlvideo.pipeline.video;

import org.bytedeco.ffmpeg.global.avutil;

/**
 * One-time FFmpeg process settings: the log goes to {@link FFmpegLog}, which counts errors per
 * video and prints only fatal messages. FFmpeg logs every damaged packet; on a collection of
 * real-world videos that is megabytes of noise per executor on stderr, while the count per video
 * is what a user can act on.
 */
final class FFmpegSetup {
    private static volatile boolean done;

    private FFmpegSetup() {}

    static void ensure() {
        if (!done) {
            synchronized (FFmpegSetup.class) {
                if (!done) {
                    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
                    avutil.av_log_set_callback(FFmpegLog.callback());
                    done = true;
                }
            }
        }
    }
}
