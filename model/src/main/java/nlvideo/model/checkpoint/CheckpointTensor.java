package nlvideo.model.checkpoint;

import java.util.Arrays;

/**
 * One named array from a checkpoint, converted to float32 in row-major (C) order, whatever its
 * stored dtype, byte order, strides or Fortran layout were: the single form every reader hands to
 * the name mapping and the network.
 *
 * @param shape dimensions, outermost first (empty for a scalar)
 * @param data {@code product(shape)} values, row-major
 * @param sourceDtype the dtype in the file (e.g. {@code float32}, {@code int64}), for messages
 */
public record CheckpointTensor(long[] shape, float[] data, String sourceDtype) {

    /** @throws IllegalArgumentException when the shape does not hold the data */
    public CheckpointTensor {
        if (numel(shape) != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
        }
    }

    /**
     * The element count of {@code shape}: the product of its dimensions (1 for a scalar).
     *
     * @throws IllegalArgumentException for a negative dimension or a product beyond {@code long}
     */
    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has too many elements", e);
            }
        }
        return n;
    }

    /** The same values seen with another shape of equal size (e.g. a 1x1x1 conv as an FC weight). */
    public CheckpointTensor reshape(long... newShape) {
        return new CheckpointTensor(newShape, data, sourceDtype);
    }

    /** The shape as {@code [d0, d1, ...]}, for messages. */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckpointTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return sourceDtype + shapeString();
    }
}
