package nlvideo.model.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * numpy's {@code .npy} file format, float32 only, so that clips and outputs can be exchanged with
 * Python ({@code np.load}/{@code np.save}) without a Python dependency here.
 *
 * <p>Reads headers of format versions 1.0, 2.0 and 3.0 (they differ in the header length field
 * width and encoding) holding little-endian float32 ({@code '<f4'}) in C order. Anything else
 * (another dtype, big-endian,
 * {@code fortran_order: True}, a truncated body) is a {@link NpyFormatException} naming the problem
 * rather than silently reinterpreted bytes. Writes version 1.0 (2.0 when the header would not fit).
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /**
     * A float32 array read from or written to an {@code .npy} file.
     *
     * @param shape dimensions, outermost first (empty for a scalar)
     * @param data {@code product(shape)} values in C (row-major) order
     */
    public record Array(long[] shape, float[] data) {
        public Array {
            if (numel(shape) != data.length) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
            }
        }

        /** The shape as {@code [d0, d1, ...]}, for messages. */
        public String shapeString() {
            return Arrays.toString(shape);
        }
    }

    private Npy() {}

    /**
     * Reads a little-endian float32 C-order {@code .npy} file (format version 1, 2 or 3).
     *
     * @throws NpyFormatException when the file is not such an array
     */
    public static Array read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer pre = readFully(ch, file, 8, "preamble");
            byte[] magic = new byte[6];
            pre.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new NpyFormatException(file + " is not a .npy file (bad magic)");
            }
            int major = pre.get() & 0xff;
            if (major < 1 || major > 3) {
                throw new NpyFormatException(file + ": unsupported .npy format version " + major);
            }
            ByteBuffer lenBuf =
                    readFully(ch, file, major == 1 ? 2 : 4, "header length").order(ByteOrder.LITTLE_ENDIAN);
            long headerLen = major == 1 ? lenBuf.getShort() & 0xffff : lenBuf.getInt() & 0xffffffffL;
            if (headerLen > 1 << 20) {
                throw new NpyFormatException(file + ": implausible header length " + headerLen);
            }
            ByteBuffer hb = readFully(ch, file, (int) headerLen, "header");
            String header = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            long[] shape = parseHeader(file, header);
            long n = numel(shape);
            if (n > Integer.MAX_VALUE) {
                throw new NpyFormatException(file + ": array of shape " + Arrays.toString(shape) + " is too large");
            }
            long expected = 4 * n;
            long available = ch.size() - ch.position();
            if (available < expected) {
                throw new NpyFormatException(file + " is truncated: shape " + Arrays.toString(shape) + " needs "
                        + expected + " data bytes, file has " + available);
            }
            float[] data = new float[(int) n];
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            int filled = 0;
            while (filled < data.length) {
                chunk.clear();
                chunk.limit((int) Math.min(chunk.capacity(), 4L * (data.length - filled)));
                while (chunk.hasRemaining()) {
                    if (ch.read(chunk) < 0) {
                        throw new NpyFormatException(file + " is truncated");
                    }
                }
                chunk.flip();
                int count = chunk.remaining() / 4;
                chunk.asFloatBuffer().get(data, filled, count);
                filled += count;
            }
            return new Array(shape, data);
        }
    }

    /** Writes {@code array} as a little-endian float32 C-order {@code .npy} file (atomically: temp file, then move). */
    public static void write(Path file, Array array) throws IOException {
        write(file, array.shape(), array.data());
    }

    /**
     * Writes {@code data} of {@code shape} as a little-endian float32 C-order {@code .npy} file.
     *
     * @throws IllegalArgumentException when the shape does not hold the data
     */
    public static void write(Path file, long[] shape, float[] data) throws IOException {
        if (numel(shape) != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
        }
        byte[] header = header(shape);
        // preamble (magic, version, length) + header + newline must be a multiple of 64 bytes
        int padded = paddedHeaderLength(10, header.length);
        boolean v1 = padded <= 0xffff; // version 1.0 has a 2-byte header length, 2.0 a 4-byte one
        int pre = v1 ? 10 : 12;
        if (!v1) {
            padded = paddedHeaderLength(pre, header.length);
        }
        ByteBuffer head = ByteBuffer.allocate(pre + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).put((byte) (v1 ? 1 : 2)).put((byte) 0);
        if (v1) {
            head.putShort((short) padded);
        } else {
            head.putInt(padded);
        }
        head.put(header);
        while (head.position() < head.capacity() - 1) {
            head.put((byte) ' ');
        }
        head.put((byte) '\n').flip();

        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, head);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < data.length; ) {
                int count = Math.min(chunk.capacity() / 4, data.length - i);
                chunk.clear();
                chunk.asFloatBuffer().put(data, i, count);
                chunk.limit(4 * count);
                writeFully(ch, chunk);
                i += count;
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static int paddedHeaderLength(int preamble, int header) {
        return (preamble + header + 1 + 63) / 64 * 64 - preamble;
    }

    private static byte[] header(long[] shape) {
        StringBuilder s = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : " ").append(shape[i]).append(',');
        }
        if (shape.length > 1) {
            s.setLength(s.length() - 1); // numpy writes (2, 3) but (2,) for one dimension
        }
        return s.append("), }").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static long[] parseHeader(Path file, String header) throws NpyFormatException {
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new NpyFormatException(file + ": malformed .npy header: " + header.trim());
        }
        String descr = d.group(1);
        if (!descr.equals("<f4") && !descr.equals("f4")) {
            throw new NpyFormatException(file + " holds dtype '" + descr + "'; only little-endian float32 ('<f4') is"
                    + " supported (in numpy: a.astype('<f4'))");
        }
        if (f.group(1).equals("True")) {
            throw new NpyFormatException(
                    file + " is in Fortran order; save a C-order array" + " (in numpy: np.ascontiguousarray(a))");
        }
        List<Long> dims = new ArrayList<>();
        for (String part : s.group(1).split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                long v = Long.parseLong(p.endsWith("L") ? p.substring(0, p.length() - 1) : p);
                if (v < 0) {
                    throw new NumberFormatException();
                }
                dims.add(v);
            } catch (NumberFormatException e) {
                throw new NpyFormatException(file + ": bad shape in .npy header: (" + s.group(1) + ")");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static ByteBuffer readFully(FileChannel ch, Path file, int n, String what) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new NpyFormatException(file + " is truncated in its " + what);
            }
        }
        return b.flip();
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
