package nlvideo.model.checkpoint;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The project's own weight format ({@code .nlw}): named, shaped float32 tensors, so loading can
 * check every name and shape against the network and say exactly what does not fit. DJL's
 * {@code Block.saveParameters} stores arrays by block order without names: a preset mismatch
 * there either fails obscurely or silently fills same-shaped parameters in the wrong places.
 *
 * <pre>
 *   "NLVIDEOW"                      8 bytes magic
 *   int32 version = 1
 *   string preset                   the model preset the weights were made for
 *   int32 count
 *   count times:
 *     string name                   network parameter name (NlI3d table), e.g. res4.3.nonlocal.g.weight
 *     int32 ndim, ndim x int64 dims
 *     prod(dims) x float32          row-major
 * </pre>
 * Integers and floats are little-endian; a string is an int32 byte length and UTF-8 bytes.
 */
public final class WeightsFile {
    /** The file name ending of the project's weights files. */
    /** The file name ending of the project's weights files. */
    public static final String EXTENSION = ".nlw";

    private static final byte[] MAGIC = "NLVIDEOW".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    /** The contents of a weights file. */
    public record Weights(String preset, Map<String, CheckpointTensor> tensors) {}

    private WeightsFile() {}

    /**
     * Writes {@code tensors} in the order given, under a temporary name moved into place.
     *
     * @param preset the model preset the weights are for, kept for messages
     */
    public static void write(Path file, String preset, Map<String, CheckpointTensor> tensors) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            DataOutputStream out = new DataOutputStream(os);
            out.write(MAGIC);
            out.writeInt(Integer.reverseBytes(VERSION));
            writeString(out, preset);
            out.writeInt(Integer.reverseBytes(tensors.size()));
            for (Map.Entry<String, CheckpointTensor> e : tensors.entrySet()) {
                writeString(out, e.getKey());
                long[] shape = e.getValue().shape();
                out.writeInt(Integer.reverseBytes(shape.length));
                for (long d : shape) {
                    out.writeLong(Long.reverseBytes(d));
                }
                float[] data = e.getValue().data();
                ByteBuffer buf =
                        ByteBuffer.allocate(4 * Math.min(data.length, 1 << 16)).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < data.length; ) {
                    buf.clear();
                    while (buf.hasRemaining() && i < data.length) {
                        buf.putFloat(data[i++]);
                    }
                    out.write(buf.array(), 0, buf.position());
                }
            }
            out.flush();
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Reads a weights file.
     *
     * @throws CheckpointFormatException when it is not one, or is truncated
     */
    public static Weights read(Path file) throws IOException {
        try (InputStream is = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            DataInputStream in = new DataInputStream(is);
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new CheckpointFormatException(file + " is not an nlvideo weights file (bad magic)");
            }
            int version = Integer.reverseBytes(in.readInt());
            if (version != VERSION) {
                throw new CheckpointFormatException(file + ": unsupported weights file version " + version);
            }
            String preset = readString(in);
            int count = Integer.reverseBytes(in.readInt());
            if (count < 0) {
                throw new CheckpointFormatException(file + ": corrupt tensor count");
            }
            Map<String, CheckpointTensor> tensors = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = readString(in);
                int ndim = Integer.reverseBytes(in.readInt());
                if (ndim < 0 || ndim > 8) {
                    throw new CheckpointFormatException(file + ": corrupt rank " + ndim + " for " + name);
                }
                long[] shape = new long[ndim];
                for (int d = 0; d < ndim; d++) {
                    shape[d] = Long.reverseBytes(in.readLong());
                }
                long n = CheckpointTensor.numel(shape);
                if (n < 0 || n > Integer.MAX_VALUE / 4 || Arrays.stream(shape).anyMatch(d -> d < 0)) {
                    throw new CheckpointFormatException(
                            file + ": corrupt shape " + Arrays.toString(shape) + " for " + name);
                }
                byte[] raw = in.readNBytes((int) n * 4);
                if (raw.length != n * 4) {
                    throw new CheckpointFormatException(file + " is truncated inside " + name);
                }
                float[] data = new float[(int) n];
                ByteBuffer.wrap(raw)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer()
                        .get(data);
                tensors.put(name, new CheckpointTensor(shape, data, "float32"));
            }
            return new Weights(preset, tensors);
        } catch (EOFException e) {
            throw new CheckpointFormatException(file + " is truncated", e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(Integer.reverseBytes(b.length));
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = Integer.reverseBytes(in.readInt());
        if (n < 0 || n > 1 << 16) {
            throw new CheckpointFormatException("corrupt string length " + n);
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException();
        }
        return new String(b, StandardCharsets.UTF_8);
    }
}
