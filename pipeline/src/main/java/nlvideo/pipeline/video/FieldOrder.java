package nlvideo.pipeline.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_FIELD_BB;
import static org.bytedeco.ffmpeg.global.avcodec.AV_FIELD_BT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_FIELD_PROGRESSIVE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_FIELD_TB;
import static org.bytedeco.ffmpeg.global.avcodec.AV_FIELD_TT;

import java.util.Locale;

/**
 * How a stream's pictures are scanned, as its header says (FFmpeg's {@code AVFieldOrder}, named
 * as {@code ffprobe} prints them): progressive, or interlaced with the top or bottom field coded
 * and shown first. Interlaced broadcast video (25i, 30i) shows combing on motion unless
 * deinterlaced ({@link Deinterlace}).
 */
public enum FieldOrder {
    /** Not stated by the stream. */
    UNKNOWN,
    PROGRESSIVE,
    /** Interlaced, top field coded first and shown first. */
    TT,
    /** Interlaced, bottom field coded first and shown first. */
    BB,
    /** Interlaced, top field coded first, bottom shown first. */
    TB,
    /** Interlaced, bottom field coded first, top shown first. */
    BT;

    /** The lower-case name written in probe rows ("tt"). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the stream says its pictures are interlaced. */
    public boolean interlaced() {
        return this == TT || this == BB || this == TB || this == BT;
    }

    static FieldOrder of(int avFieldOrder) {
        if (avFieldOrder == AV_FIELD_PROGRESSIVE) {
            return PROGRESSIVE;
        }
        if (avFieldOrder == AV_FIELD_TT) {
            return TT;
        }
        if (avFieldOrder == AV_FIELD_BB) {
            return BB;
        }
        if (avFieldOrder == AV_FIELD_TB) {
            return TB;
        }
        if (avFieldOrder == AV_FIELD_BT) {
            return BT;
        }
        return UNKNOWN;
    }
}
