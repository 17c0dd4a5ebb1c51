package nlvideo.pipeline.synthetic;

import java.util.Arrays;
import java.util.List;

/**
 * The classes of the synthetic-motion dataset, in label-index order (as in
 * {@code conf/labels/synthetic-motion.txt}). They come in opposite pairs: each pair plays one
 * {@link Motion} forwards and backwards, so only the order of the frames tells the two apart.
 */
public enum MotionClass {
    MOVING_LEFT("moving_left", Motion.TRANSLATE_RIGHT, true),
    MOVING_RIGHT("moving_right", Motion.TRANSLATE_RIGHT, false),
    GROWING("growing", Motion.GROW, false),
    SHRINKING("shrinking", Motion.GROW, true),
    ROTATING_CLOCKWISE("rotating_clockwise", Motion.TURN_CLOCKWISE, false),
    ROTATING_COUNTERCLOCKWISE("rotating_counterclockwise", Motion.TURN_CLOCKWISE, true),
    MEETING("meeting", Motion.PART, true),
    PARTING("parting", Motion.PART, false),
    FADING_IN("fading_in", Motion.FADE_IN, false),
    FADING_OUT("fading_out", Motion.FADE_IN, true);

    /** The name in label lists, manifests and folder names. */
    public final String label;

    /** The motion drawn (forwards or backwards: each motion gives a pair of opposite classes). */
    public final Motion motion;
    /** Whether this class plays {@link #motion} backwards. */
    public final boolean reversed;

    MotionClass(String label, Motion motion, boolean reversed) {
        this.label = label;
        this.motion = motion;
        this.reversed = reversed;
    }

    /** The class with the same motion played the other way. */
    public MotionClass opposite() {
        for (MotionClass c : values()) {
            if (c.motion == motion && c.reversed != reversed) {
                return c;
            }
        }
        throw new IllegalStateException("no opposite for " + this);
    }

    /** All labels in index order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(c -> c.label).toList();
    }
}
