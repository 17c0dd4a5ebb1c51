package nlvideo.pipeline.transform;

import java.io.Serializable;

/**
 * A spatial crop of a frame already resized to the short side: a square of {@code size} at the
 * centre, or at one of three positions along the long side (0 = left/top, 1 = centre,
 * 2 = right/bottom; the three-crop test of all three reference code bases), or the full frame;
 * optionally mirrored horizontally.
 *
 * <p>Offsets: centre = floor((D - size) / 2) as in the Caffe2 code and mmaction2's CenterCrop;
 * the far crop ends at the frame's edge (D - size) as in PySlowFast. On the short side every
 * three-crop is centred.
 */
public record Crop(Kind kind, int size, int position, boolean flip) implements Serializable {

    public enum Kind {
        CENTER,
        THREE,
        FULL
    }

    public Crop {
        if (kind != Kind.FULL && size < 1) {
            throw new IllegalArgumentException("crop size must be >= 1, got " + size);
        }
        if (kind == Kind.THREE && (position < 0 || position > 2)) {
            throw new IllegalArgumentException("three-crop position must be 0, 1 or 2, got " + position);
        }
    }

    public static Crop center(int size) {
        return new Crop(Kind.CENTER, size, 1, false);
    }

    /** Crop {@code position} (0, 1, 2) of the three along the long side. */
    public static Crop three(int size, int position) {
        return new Crop(Kind.THREE, size, position, false);
    }

    public static Crop full() {
        return new Crop(Kind.FULL, 0, 1, false);
    }

    public Crop flipped() {
        return new Crop(kind, size, position, !flip);
    }

    /**
     * The crop's rectangle in a frame of {@code height} x {@code width}: {y, x, cropHeight,
     * cropWidth}.
     *
     * @throws IllegalArgumentException if the crop does not fit in the frame
     */
    public int[] rectangle(int height, int width) {
        if (kind == Kind.FULL) {
            return new int[] {0, 0, height, width};
        }
        if (size > height || size > width) {
            throw new IllegalArgumentException(
                    "crop " + size + "x" + size + " does not fit in a " + width + "x" + height + " frame");
        }
        int y = (height - size) / 2;
        int x = (width - size) / 2;
        if (kind == Kind.THREE && position != 1) {
            if (width >= height) {
                x = position == 0 ? 0 : width - size;
            } else {
                y = position == 0 ? 0 : height - size;
            }
        }
        return new int[] {y, x, size, size};
    }
}
