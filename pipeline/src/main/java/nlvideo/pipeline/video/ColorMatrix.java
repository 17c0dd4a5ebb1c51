package nlvideo.pipeline.video;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT2020_CL;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT2020_NCL;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT470BG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_FCC;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_RGB;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_SMPTE170M;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_SMPTE240M;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_BT2020;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_FCC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_ITU601;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_ITU709;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_SMPTE240M;

import java.util.Locale;

/**
 * The matrix that turns a video's Y'CbCr samples into R'G'B' (ITU-R BT.601, BT.709, BT.2020 and
 * two older ones), or {@link #RGB} for streams stored as RGB. Decoding HD video with the BT.601
 * matrix shifts every colour (pure red comes out as (232, 0, 1)), so the decoder hands the right
 * one to swscale ({@code sws_setColorspaceDetails}).
 *
 * <p>A stream that does not say (FFmpeg's {@code AVCOL_SPC_UNSPECIFIED}, common in files from
 * phones and screen recorders) is taken as players take it (mpv's {@code
 * mp_csp_guess_colorspace}, Chromium): BT.709 when the picture is at least 1280 wide or more
 * than 576 high, else BT.601.
 */
public enum ColorMatrix {
    /** ITU-R BT.601 (FFmpeg's bt470bg and smpte170m): SD video. */
    BT601(SWS_CS_ITU601),
    /** ITU-R BT.709: HD video. */
    BT709(SWS_CS_ITU709),
    /** ITU-R BT.2020 (non-constant luminance; constant-luminance streams are converted as NCL). */
    BT2020(SWS_CS_BT2020),
    /** SMPTE 240M (early HD). */
    SMPTE240M(SWS_CS_SMPTE240M),
    /** FCC Title 47 (the NTSC 1953 matrix). */
    FCC(SWS_CS_FCC),
    /** The samples are R'G'B' already: no matrix. */
    RGB(-1);

    private final int swsCoefficients;

    ColorMatrix(int swsCoefficients) {
        this.swsCoefficients = swsCoefficients;
    }

    /** The {@code SWS_CS_*} id for {@code sws_getCoefficients}; -1 for {@link #RGB}. */
    int swsCoefficients() {
        return swsCoefficients;
    }

    /** The lower-case name written in probe rows ("bt709"). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The matrix for FFmpeg's {@code AVColorSpace} value {@code avColorSpace} of a picture of
     * {@code width} x {@code height} (stored size), guessing from the size when it is unspecified.
     *
     * @param rgbSamples whether the pixel format stores RGB (then the answer is {@link #RGB})
     */
    static ColorMatrix resolve(int avColorSpace, boolean rgbSamples, int width, int height) {
        if (rgbSamples || avColorSpace == AVCOL_SPC_RGB) {
            return RGB;
        }
        if (avColorSpace == AVCOL_SPC_BT709) {
            return BT709;
        }
        if (avColorSpace == AVCOL_SPC_BT470BG || avColorSpace == AVCOL_SPC_SMPTE170M) {
            return BT601;
        }
        if (avColorSpace == AVCOL_SPC_BT2020_NCL || avColorSpace == AVCOL_SPC_BT2020_CL) {
            return BT2020;
        }
        if (avColorSpace == AVCOL_SPC_SMPTE240M) {
            return SMPTE240M;
        }
        if (avColorSpace == AVCOL_SPC_FCC) {
            return FCC;
        }
        return width >= 1280 || height > 576 ? BT709 : BT601;
    }
}
