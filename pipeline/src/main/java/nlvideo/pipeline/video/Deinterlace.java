package nlvideo.pipeline.video;

import java.util.Locale;

/**
 * Whether the decoder deinterlaces ({@code --deinterlace auto|on|off}). Interlaced video holds two
 * fields, half a frame period apart, woven into each frame; shown as they are, moving edges comb.
 * Deinterlacing uses FFmpeg's bwdif filter (Bob Weaver, the successor of yadif) in
 * {@code send_frame} mode, so the frame rate and the frame count stay as the probe reports them:
 * each output frame is its first field, completed from both fields and the neighbouring frames.
 */
public enum Deinterlace {
    /** Deinterlace streams whose header says interlaced, and in them only frames flagged interlaced. */
    AUTO,
    /** Deinterlace every frame of every stream. */
    ON,
    /** Never deinterlace: frames as stored. */
    OFF;

    /**
     * "auto", "on" or "off" (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Deinterlace parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("deinterlace must be auto, on or off, got '" + name + "'");
        }
    }

    /** Whether frames of a stream with this field order go through the deinterlacer. */
    boolean appliesTo(FieldOrder order) {
        return this == ON || (this == AUTO && order.interlaced());
    }

    /** bwdif's options: every frame for {@link #ON}, frames flagged interlaced for {@link #AUTO}. */
    String filterOptions() {
        return "mode=send_frame:parity=auto:deint=" + (this == ON ? "all" : "interlaced");
    }
}
