package nlvideo.model.checkpoint;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Teaches a {@link PickleReader} the numpy globals found in pickled arrays:
 * {@code _reconstruct(ndarray, (0,), b'b')} followed by BUILD with
 * {@code (version, shape, dtype, is_fortran, raw)}, {@code dtype(descr, align, copy)} with its
 * byte-order state, and {@code scalar(dtype, raw)}. numpy 1 names its module {@code numpy.core},
 * numpy 2 {@code numpy._core}. The raw bytes arrive as {@code bytes}, or as a Latin-1 text when the
 * file was written by Python 2 (its {@code str}); both are accepted. Arrays become
 * {@link CheckpointTensor}s via {@link #toTensor}.
 */
public final class NumpyArrays {

    private NumpyArrays() {}

    /** Registers the numpy globals on {@code reader}. */
    public static PickleReader install(PickleReader reader) {
        for (String module : List.of("numpy.core.multiarray", "numpy._core.multiarray")) {
            reader.register(module, "_reconstruct", args -> new NdArray());
            reader.register(module, "scalar", NumpyArrays::scalar);
        }
        // Protocol 5: ndarray.__reduce_ex__ sends the buffer in-band via _frombuffer(buf, dtype, shape, order).
        for (String module : List.of("numpy.core.numeric", "numpy._core.numeric")) {
            reader.register(module, "_frombuffer", NumpyArrays::fromBuffer);
        }
        reader.register("numpy", "dtype", args -> new DType((String) args.get(0)));
        return reader;
    }

    /** The array as a float32 tensor; fails with a clear message for anything that is not an array. */
    public static CheckpointTensor toTensor(Object value, String name) throws CheckpointFormatException {
        if (value instanceof NdArray a) {
            if (a.tensor == null) {
                throw new CheckpointFormatException("numpy array " + name + " was never given its data");
            }
            return a.tensor;
        }
        if (value instanceof Number n) {
            return new CheckpointTensor(new long[0], new float[] {n.floatValue()}, "scalar");
        }
        throw new CheckpointFormatException(name + " is not a numpy array but " + PickleReader.describe(value));
    }

    private static Object fromBuffer(List<Object> args) throws IOException {
        NdArray a = new NdArray();
        a.setState(List.of(args.get(2), args.get(1), "F".equals(args.get(3)), args.get(0)));
        return a;
    }

    /** True for a numpy array (not a plain number). */
    public static boolean isNdArray(Object value) {
        return value instanceof NdArray;
    }

    /** True for values a reader can turn into a tensor (arrays and numbers). */
    public static boolean isArray(Object value) {
        return value instanceof NdArray || value instanceof Number;
    }

    private static Object scalar(List<Object> args) throws IOException {
        if (!(args.get(0) instanceof DType dtype) || args.size() < 2) {
            throw new CheckpointFormatException("unsupported numpy scalar");
        }
        float[] v = RawArrays.toFloat(rawBytes(args.get(1)), dtype.name(), dtype.order, new long[0], null, 0);
        return (double) v[0];
    }

    static byte[] rawBytes(Object raw) throws CheckpointFormatException {
        if (raw instanceof byte[] b) {
            return b;
        }
        if (raw instanceof String s) {
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
        throw new CheckpointFormatException(
                "numpy array data is " + PickleReader.describe(raw) + " (object arrays are not supported)");
    }

    /** numpy's dtype: a descriptor such as {@code f4}, and a byte order from its BUILD state. */
    static final class DType implements PickleReader.Buildable {
        private final String descr;
        private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

        DType(String descr) {
            this.descr = descr;
        }

        @Override
        public void setState(Object state) throws CheckpointFormatException {
            List<Object> s = PickleReader.asList(state);
            if (s.size() > 1 && ">".equals(s.get(1))) {
                order = ByteOrder.BIG_ENDIAN;
            }
        }

        String name() throws CheckpointFormatException {
            String d = descr.replaceFirst("^[<>=|]", "");
            return switch (d) {
                case "f2" -> "float16";
                case "f4" -> "float32";
                case "f8" -> "float64";
                case "i1" -> "int8";
                case "i2" -> "int16";
                case "i4" -> "int32";
                case "i8" -> "int64";
                case "u1" -> "uint8";
                case "u2" -> "uint16";
                case "u4" -> "uint32";
                case "u8" -> "uint64";
                case "b1" -> "bool";
                default -> throw new CheckpointFormatException("unsupported numpy dtype '" + descr + "'");
            };
        }
    }

    /** An ndarray between {@code _reconstruct} and its BUILD. */
    static final class NdArray implements PickleReader.Buildable {
        private CheckpointTensor tensor;

        @Override
        public void setState(Object state) throws CheckpointFormatException {
            List<Object> s = PickleReader.asList(state);
            int base = s.size() == 5 ? 1 : 0; // (version, shape, dtype, fortran, raw) or without version
            if (s.size() - base != 4) {
                throw new CheckpointFormatException("unexpected numpy array state of length " + s.size());
            }
            List<Object> dims = PickleReader.asList(s.get(base));
            long[] shape = new long[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = ((Number) dims.get(i)).longValue();
            }
            if (!(s.get(base + 1) instanceof DType dtype)) {
                throw new CheckpointFormatException("numpy array state has no dtype");
            }
            boolean fortran = Boolean.TRUE.equals(s.get(base + 2));
            byte[] raw = rawBytes(s.get(base + 3));
            String name = dtype.name();
            long n = CheckpointTensor.numel(shape);
            if (raw.length != Math.multiplyExact(n, RawArrays.elementSize(name))) {
                throw new CheckpointFormatException("numpy array of shape " + java.util.Arrays.toString(shape) + " ("
                        + name + ") carries " + raw.length + " bytes");
            }
            long[] strides = fortran ? columnMajorStrides(shape) : null;
            tensor = new CheckpointTensor(shape, RawArrays.toFloat(raw, name, dtype.order, shape, strides, 0), name);
        }

        private static long[] columnMajorStrides(long[] shape) {
            long[] st = new long[shape.length];
            long s = 1;
            for (int d = 0; d < shape.length; d++) {
                st[d] = s;
                s *= shape[d];
            }
            return st;
        }
    }
}
