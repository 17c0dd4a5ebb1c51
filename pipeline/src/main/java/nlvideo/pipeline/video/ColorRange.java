package nlvideo.pipeline.video;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_MPEG;

import java.util.Locale;

/**
 * Which code values a stream's samples use: {@link #LIMITED} ("tv", "mpeg": luma 16..235, chroma
 * 16..240, what broadcast and most camera and phone video use) or {@link #FULL} ("pc", "jpeg":
 * 0..255, MJPEG and some phone and screen recordings). Reading one as the other washes out or
 * crushes the picture, so the decoder tells swscale which it is.
 *
 * <p>Known from the stream's {@code color_range} (the bitstream's or the container's flag), or
 * from FFmpeg's deprecated full-range pixel formats ({@code yuvj420p}, ...); unspecified Y'CbCr is
 * limited, as in every player; RGB samples are full.
 */
public enum ColorRange {
    LIMITED,
    FULL;

    /** The lower-case name written in probe rows ("limited"). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param avColorRange FFmpeg's {@code AVColorRange}
     * @param fullRangeFormat whether the pixel format implies full range (yuvj*, or RGB)
     */
    static ColorRange resolve(int avColorRange, boolean fullRangeFormat) {
        if (avColorRange == AVCOL_RANGE_JPEG) {
            return FULL;
        }
        if (avColorRange == AVCOL_RANGE_MPEG) {
            return LIMITED;
        }
        return fullRangeFormat ? FULL : LIMITED;
    }
}
