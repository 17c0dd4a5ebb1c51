package nlvideo.pipeline.transform;

import java.io.Serializable;
import nlvideo.model.TestProtocol;

/**
 * A spatial view of a frame already resized to the short side: a square of {@code size} at the
 * centre, or at one of three positions (0 = left/top, 1 = centre, 2 = right/bottom: the three-crop
 * test of all three reference code bases), or the full frame; optionally mirrored horizontally.
 *
 * <p>Where a square sits follows its source exactly, since the sources differ by a pixel when the
 * slack D - size is odd:
 *
 * <ul>
 *   <li>PySlowFast ({@code slowfast/datasets/transform.py uniform_crop}, {@code cv2_transform.py
 *       spatial_shift_crop_list}): centred with {@code ceil((D - size) / 2)} on both axes; the
 *       three crops move along the height when H > W, else along the width, the far one ending at
 *       the edge ({@code D - size}).
 *   <li>The paper's Caffe2 code ({@code customized_video_io.cc ClipTransformFlex} with
 *       {@code spatial_pos}): centred with {@code floor((D - size) / 2)}; the three crops move
 *       along the height when it has slack, else along the width, at 0, floor((D - size) / 2) and
 *       2 x floor((D - size) / 2) (so the far crop stops a pixel short of the edge when D - size is
 *       odd).
 *   <li>mmaction2 ({@code CenterCrop}, {@code ThreeCrop}): centred with {@code floor((D - size) / 2)};
 *       the three crops move along the axis the crop does not fill (ThreeCrop asserts the crop
 *       fills one), at 0, floor((D - size) / 2) and 2 x floor((D - size) / 2); mmaction2 lists
 *       them left, right, middle, here they are numbered left, middle, right like the others.
 *       When the crop fills neither axis (mmaction2 refuses), they move along the longer one.
 * </ul>
 *
 * @param kind centre, one of three, or the full frame
 * @param size side of the square in pixels, at least 1 (unused for the full frame)
 * @param position 0, 1 or 2 for the three crops; 1 otherwise
 * @param flip mirrored horizontally
 * @param source whose offsets
 */
public record Crop(Kind kind, int size, int position, boolean flip, TestProtocol.Sampling source)
        implements Serializable {

    /** Which view. */
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
        if (source == null) {
            throw new IllegalArgumentException("crop source is null");
        }
    }

    /** The centre square of {@code size}, placed as {@code source} places it. */
    public static Crop center(int size, TestProtocol.Sampling source) {
        return new Crop(Kind.CENTER, size, 1, false, source);
    }

    /** Crop {@code position} (0, 1, 2) of the three, placed as {@code source} places them. */
    public static Crop three(int size, int position, TestProtocol.Sampling source) {
        return new Crop(Kind.THREE, size, position, false, source);
    }

    /** The whole frame. */
    public static Crop full() {
        return new Crop(Kind.FULL, 0, 1, false, TestProtocol.Sampling.CAFFE2);
    }

    /** The same view mirrored (or unmirrored). */
    public Crop flipped() {
        return new Crop(kind, size, position, !flip, source);
    }

    /**
     * The crop's rectangle in a frame of {@code height} x {@code width} pixels: {y, x, cropHeight,
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
        boolean ceil = source == TestProtocol.Sampling.PYSLOWFAST;
        int y = centre(height - size, ceil);
        int x = centre(width - size, ceil);
        if (kind == Kind.THREE && position != 1) {
            boolean vertical = switch (source) {
                case PYSLOWFAST -> height > width;
                case CAFFE2 -> y > 0;
                case MMACTION2 -> size != height && (size == width || height > width);
            };
            if (vertical) {
                y = offset(height - size, y);
            } else {
                x = offset(width - size, x);
            }
        }
        return new int[] {y, x, size, size};
    }

    private static int centre(int slack, boolean ceil) {
        return ceil ? (slack + 1) / 2 : slack / 2;
    }

    /** Position 0 or 2 along an axis of {@code slack} pixels whose centre offset is {@code mid}. */
    private int offset(int slack, int mid) {
        if (position == 0) {
            return 0;
        }
        return source == TestProtocol.Sampling.PYSLOWFAST ? slack : 2 * mid;
    }
}
