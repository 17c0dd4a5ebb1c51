package nlvideo.pipeline.video;

import java.io.Serializable;

/**
 * What a cheap probe learns about a video from its header.
 *
 * <p>{@code width} and {@code height} are the <em>displayed</em> size: the container's rotation
 * (display matrix or "rotate" tag) is already applied, so a phone video stored 640x360 with
 * rotation 90 reports 360x640, which is the shape the decoder returns. {@code rotation} is the
 * clockwise rotation in degrees (0, 90, 180, 270) that had to be applied to the stored picture.
 *
 * <p>{@code avgFps} is the stream's average frame rate (frames / duration); {@code nominalFps} its
 * declared base rate (FFmpeg's r_frame_rate). They differ for variable frame rate videos. The
 * decoder's constant-rate timeline uses {@code avgFps}. {@code frameCount} is exact when the
 * container stores it (e.g. MP4's sample table), else {@code durationSeconds * avgFps} rounded,
 * with {@code frameCountEstimated} set.
 */
public record VideoInfo(
        String path,
        String container,
        String codec,
        int width,
        int height,
        int rotation,
        double avgFps,
        double nominalFps,
        double durationSeconds,
        long frameCount,
        boolean frameCountEstimated,
        String pixelFormat,
        boolean hasAudio)
        implements Serializable {}
