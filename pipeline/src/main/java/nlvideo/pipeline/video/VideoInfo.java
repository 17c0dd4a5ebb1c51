package nlvideo.pipeline.video;

import java.io.Serializable;

/**
 * What a cheap probe learns about a video: which stream is the video, and how it is to be shown.
 *
 * <p><b>Stream.</b> {@code streamIndex} is the container's stream the decoder reads: FFmpeg's
 * {@code av_find_best_stream} choice (the default-marked stream first), never a cover picture
 * (an attached picture, which many MP4, M4V and MKV files carry as a video stream).
 *
 * <p><b>Size.</b> {@code storedWidth} x {@code storedHeight} is the coded picture; {@code width}
 * x {@code height} is the <em>displayed</em> size, the shape the decoder returns at full size:
 * the sample aspect ratio is applied to the width (480x360 stored with SAR 4:3 shows as 640x360,
 * as players show it), then the container's rotation (display matrix): a phone video stored
 * 640x360 with rotation 90 shows as 360x640. {@code rotation} is the clockwise rotation in
 * degrees (0, 90, 180, 270) applied to the stored picture; {@code sarNum:sarDen} the sample
 * aspect ratio (1:1 for square pixels).
 *
 * <p><b>Rates and counts.</b> {@code avgFps} is the stream's average frame rate (frames /
 * duration); {@code nominalFps} its declared base rate (FFmpeg's r_frame_rate). They differ for
 * variable frame rate videos; the decoder's constant-rate timeline uses {@code avgFps}.
 * {@code frameCount} is what the file holds as far as can be told without decoding; {@code
 * frameCountSource} says how it was found ({@link FrameCountSource}).
 *
 * <p><b>Colour.</b> {@code colorMatrix} and {@code colorRange} are those the decoder converts
 * with, resolved from the stream's tags and pixel format ({@link ColorMatrix}, {@link
 * ColorRange}); {@code fieldOrder} says whether the stream is interlaced ({@link Deinterlace}).
 */
public record VideoInfo(
        String path,
        String container,
        String codec,
        int streamIndex,
        int storedWidth,
        int storedHeight,
        int sarNum,
        int sarDen,
        int width,
        int height,
        int rotation,
        double avgFps,
        double nominalFps,
        double durationSeconds,
        long frameCount,
        FrameCountSource frameCountSource,
        String pixelFormat,
        ColorMatrix colorMatrix,
        ColorRange colorRange,
        FieldOrder fieldOrder,
        boolean hasAudio)
        implements Serializable {

    /** Whether {@link #frameCount} is duration x fps rather than a count. */
    public boolean frameCountEstimated() {
        return frameCountSource == FrameCountSource.DURATION;
    }

    /** The sample aspect ratio as {@code ffprobe} writes it ("4:3"). */
    public String sampleAspectRatio() {
        return sarNum + ":" + sarDen;
    }

    /**
     * The displayed size for a stored picture and pixel shape, before rotation: the width is
     * stretched or narrowed by the sample aspect ratio, the height kept (what players do).
     *
     * @return {width, height}, each at least 1
     */
    static int[] displaySize(int storedWidth, int storedHeight, int sarNum, int sarDen) {
        long w = Math.round((double) storedWidth * sarNum / sarDen);
        return new int[] {(int) Math.max(1, w), storedHeight};
    }
}
