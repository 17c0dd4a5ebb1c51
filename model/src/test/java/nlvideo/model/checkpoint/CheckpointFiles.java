package nlvideo.model.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Test-only writers of checkpoint files in the layouts Python writes (Caffe2 pickles, torch.save).
 * Public for the jobs tests (model test-jar).
 */
public final class CheckpointFiles {

    /** How the Caffe2 pickle carries array bytes, as the three kinds of files in the wild do. */
    public enum Caffe2Style {
        /** Python 2 + numpy 1: bytes as a py2 str (SHORT_BINSTRING/BINSTRING). */
        PY2,
        /** Python 3 + numpy 1 at protocol 2: bytes as _codecs.encode(latin1 text, 'latin1'). */
        PY3_CODECS,
        /** Python 3 + numpy 2 at protocol 2: as above, module numpy._core.multiarray. */
        NUMPY2
    }

    private CheckpointFiles() {}

    static byte[] floatBytes(float[] data, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(order);
        for (float f : data) {
            b.putFloat(f);
        }
        return b.array();
    }

    static byte[] doubleBytes(float[] data) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) {
            b.putDouble(f);
        }
        return b.array();
    }

    /** {@code {'blobs': {name: ndarray}}}; arrays whose name ends in {@code _riv} are written as float64. */
    public static void writeCaffe2(Path file, Map<String, CheckpointTensor> blobs, Caffe2Style style)
            throws IOException {
        Map<String, Object> named = new LinkedHashMap<>();
        blobs.forEach((k, t) -> named.put(k, ndarray(t, style, k.endsWith("_riv"))));
        Map<String, Object> root = Map.of("blobs", named);
        PickleWriter w = new PickleWriter().proto(2);
        if (style == Caffe2Style.PY2) {
            // Python 2 writes dict keys that are py2 str as SHORT_BINSTRING too.
            w.op('}')
                    .mark()
                    .py2str("blobs".getBytes(StandardCharsets.US_ASCII))
                    .op('}')
                    .mark();
            named.forEach(
                    (k, v) -> w.py2str(k.getBytes(StandardCharsets.US_ASCII)).value(v));
            w.op('u').op('u');
        } else {
            w.value(root);
        }
        Files.write(file, w.stop().toByteArray());
    }

    static PickleWriter.Custom ndarray(CheckpointTensor t, Caffe2Style style, boolean asFloat64) {
        byte[] raw = asFloat64 ? doubleBytes(t.data()) : floatBytes(t.data(), ByteOrder.LITTLE_ENDIAN);
        return ndarray(t.shape(), raw, style, asFloat64);
    }

    /** An ndarray of any declared shape over {@code raw} (which need not fit it: hostile files). */
    static PickleWriter.Custom ndarray(long[] arrayShape, byte[] raw, Caffe2Style style, boolean asFloat64) {
        return w -> {
            String module = style == Caffe2Style.NUMPY2 ? "numpy._core.multiarray" : "numpy.core.multiarray";
            w.global(module, "_reconstruct");
            w.mark()
                    .global("numpy", "ndarray")
                    .mark()
                    .integer(0)
                    .op('t')
                    .value(bytesB(style))
                    .op('t')
                    .op('R');
            // state: (1, shape, dtype, is_fortran, raw)
            w.mark().integer(1);
            List<Object> shape = new ArrayList<>();
            for (long d : arrayShape) {
                shape.add(d);
            }
            w.value(shape);
            Object descr = text(asFloat64 ? "f8" : "f4", style);
            w.global("numpy", "dtype")
                    .mark()
                    .value(descr)
                    .integer(0)
                    .integer(1)
                    .op('t')
                    .op('R');
            w.mark()
                    .integer(3)
                    .value(text("<", style))
                    .op('N')
                    .op('N')
                    .op('N')
                    .integer(-1)
                    .integer(-1)
                    .integer(0)
                    .op('t')
                    .op('b');
            w.op(0x89);
            if (style == Caffe2Style.PY2) {
                w.py2str(raw);
            } else {
                w.global("_codecs", "encode")
                        .mark()
                        .unicode(new String(raw, StandardCharsets.ISO_8859_1))
                        .unicode("latin1")
                        .op('t')
                        .op('R');
            }
            w.op('t').op('b');
        };
    }

    /** Text as the writing Python spells it: a py2 str under Python 2, unicode otherwise. */
    private static Object text(String s, Caffe2Style style) {
        if (style == Caffe2Style.PY2) {
            return (PickleWriter.Custom) w -> w.py2str(s.getBytes(StandardCharsets.US_ASCII));
        }
        return s;
    }

    private static Object bytesB(Caffe2Style style) {
        if (style == Caffe2Style.PY2) {
            return (PickleWriter.Custom) w -> w.py2str(new byte[] {'b'});
        }
        return (PickleWriter.Custom) w -> w.global("_codecs", "encode")
                .mark()
                .unicode("b")
                .unicode("latin1")
                .op('t')
                .op('R');
    }

    // ---- PyTorch

    /** An OrderedDict, written as Python writes it: OrderedDict() then SETITEMS. */
    static PickleWriter.Custom orderedDict(Map<String, ?> items) {
        return w -> {
            w.global("collections", "OrderedDict").op(')').op('R');
            if (!items.isEmpty()) {
                w.mark();
                items.forEach((k, v) -> w.unicode(k).value(v));
                w.op('u');
            }
        };
    }

    /** Collects storages while a torch pickle is written; each tensor gets its own storage key. */
    static final class TorchStorages {
        final Map<String, byte[]> data = new LinkedHashMap<>();
        final Map<String, String> types = new LinkedHashMap<>();
        private final boolean legacy;

        TorchStorages(boolean legacy) {
            this.legacy = legacy;
        }

        /** A float32 tensor via _rebuild_tensor_v2 over a fresh storage. */
        PickleWriter.Custom tensor(CheckpointTensor t) {
            long[] stride = RawArrays.rowMajorStrides(t.shape());
            return view(
                    storage("FloatStorage", floatBytes(t.data(), ByteOrder.LITTLE_ENDIAN)),
                    t.data().length,
                    "FloatStorage",
                    0,
                    t.shape(),
                    stride);
        }

        /** An int64 scalar tensor (like num_batches_tracked). */
        PickleWriter.Custom longScalar(long v) {
            byte[] b = ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(v)
                    .array();
            return view(storage("LongStorage", b), 1, "LongStorage", 0, new long[0], new long[0]);
        }

        String storage(String type, byte[] bytes) {
            String key = String.valueOf(data.size());
            data.put(key, bytes);
            types.put(key, type);
            return key;
        }

        /** A tensor over an existing storage with any offset and strides. */
        PickleWriter.Custom view(String key, long numel, String type, long offset, long[] size, long[] stride) {
            return w -> {
                w.global("torch._utils", "_rebuild_tensor_v2").mark();
                // persistent id ('storage', type, key, location, numel[, view_metadata])
                w.mark()
                        .unicode("storage")
                        .global("torch", type)
                        .unicode(key)
                        .unicode("cpu")
                        .integer(numel);
                if (legacy) {
                    w.op('N');
                }
                w.op('t').op('Q');
                w.integer(offset);
                w.value(toList(size)).value(toList(stride)).op(0x89);
                w.global("collections", "OrderedDict").op(')').op('R');
                w.op('t').op('R');
            };
        }
    }

    private static List<Object> toList(long[] a) {
        List<Object> l = new ArrayList<>();
        for (long v : a) {
            l.add(v);
        }
        return l;
    }

    /** torch.save's zip layout: {@code archive/data.pkl}, {@code archive/data/KEY}, {@code archive/version}. */
    static void writeTorchZip(Path file, Object root, TorchStorages storages) throws IOException {
        byte[] pkl = new PickleWriter().proto(2).value(root).stop().toByteArray();
        try (OutputStream os = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            put(zip, "archive/data.pkl", pkl);
            put(zip, "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            for (Map.Entry<String, byte[]> e : storages.data.entrySet()) {
                put(zip, "archive/data/" + e.getKey(), e.getValue());
            }
            put(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    /** torch.save's legacy stream (before 1.6): magic, protocol, sys info, object, keys, storages. */
    static void writeTorchLegacy(Path file, Object root, TorchStorages storages) throws IOException {
        PickleWriter w = new PickleWriter();
        w.proto(2).bigInteger(new BigInteger("1950a86a20f9469cfc6c", 16)).stop();
        w.proto(2).integer(1001).stop();
        Map<String, Object> sysInfo = new LinkedHashMap<>();
        sysInfo.put("protocol_version", 1001L);
        sysInfo.put("little_endian", true);
        sysInfo.put("type_sizes", Map.of("short", 2L, "int", 4L, "long", 4L));
        w.proto(2).value(sysInfo).stop();
        w.proto(2).value(root).stop();
        w.proto(2).value(new ArrayList<>(storages.data.keySet())).op('.');
        for (Map.Entry<String, byte[]> e : storages.data.entrySet()) {
            int elem = storages.types.get(e.getKey()).equals("LongStorage") ? 8 : 4;
            w.long8(e.getValue().length / elem).raw(e.getValue());
        }
        Files.write(file, w.toByteArray());
    }
}
