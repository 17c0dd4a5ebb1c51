package nlvideo.model.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes raw little- or big-endian element bytes of the dtypes found in checkpoints into float32,
 * gathering a strided view into row-major order. Shared by the numpy and PyTorch readers.
 */
final class RawArrays {

    private RawArrays() {}

    /** Element size in bytes of a dtype name ({@code float32}, {@code int64}, ...), or -1 if unsupported. */
    static int elementSize(String dtype) {
        return switch (dtype) {
            case "float64", "int64", "uint64" -> 8;
            case "float32", "int32", "uint32" -> 4;
            case "float16", "bfloat16", "int16", "uint16" -> 2;
            case "int8", "uint8", "bool" -> 1;
            default -> -1;
        };
    }

    /**
     * Reads {@code product(shape)} elements at element {@code offset} of {@code raw} with the given
     * element strides (row-major strides when {@code strides} is null).
     */
    static float[] toFloat(byte[] raw, String dtype, ByteOrder order, long[] shape, long[] strides, long offset)
            throws CheckpointFormatException {
        try {
            return gather(raw, dtype, order, shape, strides, offset);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CheckpointFormatException(
                    "tensor of shape " + java.util.Arrays.toString(shape) + ": " + e.getMessage(), e);
        }
    }

    private static float[] gather(byte[] raw, String dtype, ByteOrder order, long[] shape, long[] strides, long offset)
            throws CheckpointFormatException {
        int size = elementSize(dtype);
        if (size < 0) {
            throw new CheckpointFormatException("unsupported tensor dtype " + dtype);
        }
        long n = CheckpointTensor.numel(shape);
        requireFits(Math.multiplyExact(n, 4L), "tensor of shape " + java.util.Arrays.toString(shape));
        long[] st = strides != null ? strides : rowMajorStrides(shape);
        if (st.length != shape.length) {
            throw new CheckpointFormatException(
                    "tensor has " + shape.length + " dimensions but " + st.length + " strides");
        }
        long maxIndex = offset;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 0) {
                return new float[0];
            }
            if (st[d] < 0) {
                throw new CheckpointFormatException("tensor has a negative stride " + st[d]);
            }
            maxIndex = Math.addExact(maxIndex, Math.multiplyExact(shape[d] - 1, st[d]));
        }
        if (offset < 0 || maxIndex >= raw.length / size) {
            throw new CheckpointFormatException("tensor of shape " + java.util.Arrays.toString(shape) + " (" + dtype
                    + ") reaches past its " + raw.length + "-byte storage");
        }
        ByteBuffer buf = ByteBuffer.wrap(raw).order(order);
        float[] out = new float[(int) n];
        if (dtype.equals("float32") && java.util.Arrays.equals(st, rowMajorStrides(shape))) {
            // The common case (contiguous float32): one bulk copy instead of a per-element decode.
            buf.position((int) (offset * 4));
            buf.slice().order(order).asFloatBuffer().get(out);
            return out;
        }
        long[] index = new long[shape.length];
        long at = offset;
        for (int i = 0; i < out.length; i++) {
            out[i] = element(buf, (int) (at * size), dtype);
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    at += st[d];
                    break;
                }
                at -= (shape[d] - 1) * st[d];
                index[d] = 0;
            }
        }
        return out;
    }

    /**
     * Refuses an allocation of {@code bytes} that this JVM could not hold beside its copy (a quarter
     * of the maximum heap), so that a file declaring a huge size fails with a message instead of
     * running the JVM out of memory.
     *
     * @throws CheckpointFormatException naming {@code what} and the size
     */
    static void requireFits(long bytes, String what) throws CheckpointFormatException {
        long limit = Math.min(Integer.MAX_VALUE - 16L, Runtime.getRuntime().maxMemory() / 4);
        if (bytes < 0 || bytes > limit) {
            throw new CheckpointFormatException(
                    what + " needs " + bytes + " bytes, more than this JVM can hold (" + limit + "; see -Xmx)");
        }
    }

    static long[] rowMajorStrides(long[] shape) {
        long[] st = new long[shape.length];
        long s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            st[d] = s;
            s *= shape[d];
        }
        return st;
    }

    private static float element(ByteBuffer b, int at, String dtype) {
        return switch (dtype) {
            case "float32" -> b.getFloat(at);
            case "float64" -> (float) b.getDouble(at);
            case "float16" -> halfToFloat(b.getShort(at));
            case "bfloat16" -> Float.intBitsToFloat((b.getShort(at) & 0xffff) << 16);
            case "int64" -> b.getLong(at);
            case "uint64" -> Float.parseFloat(Long.toUnsignedString(b.getLong(at)));
            case "int32" -> b.getInt(at);
            case "uint32" -> b.getInt(at) & 0xffffffffL;
            case "int16" -> b.getShort(at);
            case "uint16" -> b.getShort(at) & 0xffff;
            case "int8" -> b.get(at);
            case "uint8", "bool" -> b.get(at) & 0xff;
            default -> throw new IllegalStateException(dtype);
        };
    }

    /** IEEE 754 binary16 to float32 (Float.float16ToFloat arrives only in Java 20). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
