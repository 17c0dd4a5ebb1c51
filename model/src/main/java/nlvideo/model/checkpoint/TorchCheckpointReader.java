package nlvideo.model.checkpoint;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads PyTorch checkpoints ({@code torch.save}) without Python: the zip archive of PyTorch 1.6+
 * ({@code <name>/data.pkl} plus one raw file per storage under {@code <name>/data/}), and the
 * legacy single stream of earlier versions (magic number, protocol version and system-info pickles,
 * the object pickle, the storage key list, then each storage as an int64 element count followed by
 * its raw bytes). Tensors come back as {@link CheckpointTensor}s; the state dict is found under
 * {@code model_state} (PySlowFast), {@code state_dict} (mmaction2/mmcv), {@code model}, or is the
 * file itself.
 */
public final class TorchCheckpointReader {

    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long LEGACY_PROTOCOL = 1001;

    private TorchCheckpointReader() {}

    /** The checkpoint's state dict: parameter and buffer names to tensors, in file order. */
    public static Map<String, CheckpointTensor> readStateDict(Path file) throws IOException {
        Object root = read(file);
        Object dict = root;
        if (root instanceof Map<?, ?> m) {
            for (String key : List.of("model_state", "state_dict", "model")) {
                if (m.get(key) instanceof Map<?, ?> inner) {
                    dict = inner;
                    break;
                }
            }
        }
        if (!(dict instanceof Map<?, ?> stateDict)) {
            throw new CheckpointFormatException(file + " holds no state dict (a " + PickleReader.describe(root) + ")");
        }
        Map<String, CheckpointTensor> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : stateDict.entrySet()) {
            if (e.getValue() instanceof TensorRef t) {
                out.put(String.valueOf(e.getKey()), t.materialize(String.valueOf(e.getKey())));
            }
        }
        if (out.isEmpty()) {
            throw new CheckpointFormatException(file + " holds no tensors where its state dict should be");
        }
        return out;
    }

    /**
     * The whole unpickled checkpoint; tensors in it are left as references, to be turned into
     * {@link CheckpointTensor}s with {@link #tensor}.
     */
    public static Object read(Path file) throws IOException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, 4);
            if (n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
                return readZip(file);
            }
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return readLegacy(in, file.toString());
        }
    }

    /** A tensor found by {@link #read}, as a float32 row-major tensor. */
    public static CheckpointTensor tensor(Object value, String name) throws CheckpointFormatException {
        if (value instanceof TensorRef t) {
            return t.materialize(name);
        }
        throw new CheckpointFormatException(name + " is not a tensor but " + PickleReader.describe(value));
    }

    // ---- zip archives (torch >= 1.6)

    private static Object readZip(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry pkl = zip.stream()
                    .filter(e -> e.getName().endsWith("data.pkl")
                            && e.getName().indexOf('/') == e.getName().lastIndexOf('/'))
                    .findFirst()
                    .orElseThrow(() -> new CheckpointFormatException(file + " is a zip archive without data.pkl"));
            String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            ZipEntry byteorder = zip.getEntry(prefix + "byteorder");
            if (byteorder != null) {
                try (InputStream in = zip.getInputStream(byteorder)) {
                    if (new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                            .trim()
                            .equals("big")) {
                        order = ByteOrder.BIG_ENDIAN;
                    }
                }
            }
            ByteOrder byteOrder = order;
            Map<String, Storage> storages = new HashMap<>();
            PickleReader reader = newReader().persistentLoader(pid -> {
                List<Object> p = storagePid(pid);
                String key = storageKey(p.get(2));
                Storage cached = storages.get(key);
                if (cached != null) {
                    return cached;
                }
                Storage s = new Storage(storageDtype(p.get(1)), byteOrder);
                ZipEntry data = zip.getEntry(prefix + "data/" + key);
                if (data == null) {
                    throw new CheckpointFormatException(file + " lacks storage data/" + key);
                }
                // ('storage', type, key, location, numel): read exactly what the pickle declares, no
                // more, so that a compressed entry cannot inflate past it
                int bytes = storageBytes(p.get(4), s.dtype, key);
                try (InputStream in = zip.getInputStream(data)) {
                    s.bytes = in.readNBytes(bytes);
                    if (s.bytes.length != bytes || in.read() >= 0) {
                        throw new CheckpointFormatException(
                                file + ": storage data/" + key + " does not hold the " + bytes + " bytes declared");
                    }
                }
                storages.put(key, s);
                return s;
            });
            try (InputStream in = new BufferedInputStream(zip.getInputStream(pkl), 1 << 16)) {
                return reader.load(in);
            }
        } catch (ZipException e) {
            throw new CheckpointFormatException(file + " is a damaged zip archive: " + e.getMessage(), e);
        }
    }

    // ---- legacy stream (torch < 1.6)

    private static Object readLegacy(InputStream in, String what) throws IOException {
        PickleReader plain = new PickleReader();
        Object magic;
        try {
            magic = plain.load(in);
        } catch (CheckpointFormatException e) {
            throw new CheckpointFormatException(what + " is neither a zip nor a legacy PyTorch checkpoint", e);
        }
        if (!LEGACY_MAGIC.equals(magic instanceof Long l ? BigInteger.valueOf(l) : magic)) {
            throw new CheckpointFormatException(what + " is not a PyTorch checkpoint (bad magic number)");
        }
        Object protocol = plain.load(in);
        if (!(protocol instanceof Long version) || version != LEGACY_PROTOCOL) {
            throw new CheckpointFormatException(what + ": unsupported legacy protocol version " + protocol);
        }
        Object sysInfo = plain.load(in);
        ByteOrder order = sysInfo instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("little_endian"))
                ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN;

        Map<String, Storage> storages = new HashMap<>();
        PickleReader reader = newReader().persistentLoader(pid -> {
            List<Object> p = storagePid(pid);
            String key = storageKey(p.get(2));
            Storage root = storages.computeIfAbsent(key, k -> new Storage(null, order));
            if (root.dtype == null) {
                root.dtype = storageDtype(p.get(1));
            }
            // (view_key, offset, view_size): a view into the root storage, from old versions.
            if (p.size() > 5 && p.get(5) instanceof List<?> view) {
                return new Storage(root, ((Number) view.get(1)).longValue());
            }
            return root;
        });
        Object result = reader.load(in);
        List<Object> keys = PickleReader.asList(plain.load(in));
        DataInputStream data = new DataInputStream(in);
        for (Object k : keys) {
            String key = storageKey(k);
            Storage s = storages.get(key);
            if (s == null) {
                throw new CheckpointFormatException(what + " lists storage " + key + " that no tensor uses");
            }
            long numel = Long.reverseBytes(data.readLong()); // little-endian int64 element count
            int bytes = storageBytes(numel, s.dtype, key);
            s.bytes = data.readNBytes(bytes);
            if (s.bytes.length != bytes) {
                throw new CheckpointFormatException(what + " is truncated inside storage " + k);
            }
        }
        return result;
    }

    // ---- shared

    private static PickleReader newReader() {
        PickleReader reader = new PickleReader();
        reader.register("torch._utils", "_rebuild_tensor_v2", TorchCheckpointReader::rebuildTensor);
        reader.register("torch._utils", "_rebuild_tensor", TorchCheckpointReader::rebuildTensor);
        reader.register("torch._utils", "_rebuild_parameter", args -> args.get(0));
        reader.register("torch._utils", "_rebuild_parameter_with_state", args -> args.get(0));
        // Tensor subclasses: _rebuild_from_type_v2(func, type, args, state) calls func(*args).
        reader.register("torch._tensor", "_rebuild_from_type_v2", args -> {
            if (args.get(0) instanceof PickleReader.PyCallable f) {
                return f.call(PickleReader.asList(args.get(2)));
            }
            return new PyObject(new PyGlobal("torch._tensor", "_rebuild_from_type_v2"), args);
        });
        return NumpyArrays.install(reader); // mmaction2's meta may hold numpy values
    }

    private static Object rebuildTensor(List<Object> args) throws IOException {
        if (!(args.get(0) instanceof Storage storage)) {
            throw new CheckpointFormatException("tensor rebuilt from a " + PickleReader.describe(args.get(0)));
        }
        return new TensorRef(storage, ((Number) args.get(1)).longValue(), longs(args.get(2)), longs(args.get(3)));
    }

    private static List<Object> storagePid(Object pid) throws CheckpointFormatException {
        List<Object> p = PickleReader.asList(pid);
        if (p.size() < 5 || !"storage".equals(p.get(0))) {
            throw new CheckpointFormatException("unsupported persistent id (" + PickleReader.describe(pid) + ")");
        }
        return p;
    }

    /** A storage key: torch writes decimal strings; anything else is not a checkpoint of ours to read. */
    private static String storageKey(Object key) throws CheckpointFormatException {
        if (key instanceof String k && k.length() <= 64) {
            return k;
        }
        if (key instanceof Long k) {
            return k.toString();
        }
        throw new CheckpointFormatException("storage key is a " + PickleReader.describe(key));
    }

    /**
     * Bytes of a storage of {@code numel} elements of {@code dtype}, refused when negative or more than
     * this JVM could hold (memory stays bounded by what the heap allows, whatever a file declares).
     */
    private static int storageBytes(Object numel, String dtype, String key) throws CheckpointFormatException {
        if (!(numel instanceof Long n) || n < 0) {
            throw new CheckpointFormatException(
                    "storage " + key + " declares a bad size " + PickleReader.describe(numel));
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(n, RawArrays.elementSize(dtype));
        } catch (ArithmeticException e) {
            throw new CheckpointFormatException("storage " + key + " declares " + n + " elements", e);
        }
        RawArrays.requireFits(bytes, "storage " + key);
        return (int) bytes;
    }

    private static String storageDtype(Object type) throws CheckpointFormatException {
        String name = type instanceof PyGlobal g ? g.name() : String.valueOf(type);
        return switch (name) {
            case "FloatStorage" -> "float32";
            case "DoubleStorage" -> "float64";
            case "HalfStorage" -> "float16";
            case "BFloat16Storage" -> "bfloat16";
            case "LongStorage" -> "int64";
            case "IntStorage" -> "int32";
            case "ShortStorage" -> "int16";
            case "CharStorage" -> "int8";
            case "ByteStorage" -> "uint8";
            case "BoolStorage" -> "bool";
            default -> throw new CheckpointFormatException("unsupported storage type " + name);
        };
    }

    private static long[] longs(Object tuple) throws CheckpointFormatException {
        List<Object> l = PickleReader.asList(tuple);
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).longValue();
        }
        return out;
    }

    /** Raw bytes of one storage (filled after the pickle in legacy files), or a view into another. */
    private static final class Storage {
        private String dtype;
        private final ByteOrder order;
        private byte[] bytes;
        private final Storage root;
        private final long offset;

        Storage(String dtype, ByteOrder order) {
            this.dtype = dtype;
            this.order = order;
            this.root = null;
            this.offset = 0;
        }

        Storage(Storage root, long offset) {
            this.dtype = root.dtype;
            this.order = root.order;
            this.root = root;
            this.offset = offset;
        }
    }

    /** {@code _rebuild_tensor_v2(storage, offset, size, stride, ...)}, resolved once storages are read. */
    private record TensorRef(Storage storage, long offset, long[] size, long[] stride) {
        CheckpointTensor materialize(String name) throws CheckpointFormatException {
            Storage s = storage.root != null ? storage.root : storage;
            if (s.bytes == null) {
                throw new CheckpointFormatException("tensor " + name + " refers to a storage the file never stores");
            }
            long start = offset + (storage.root != null ? storage.offset : 0);
            float[] data = RawArrays.toFloat(s.bytes, s.dtype, s.order, size, stride, start);
            return new CheckpointTensor(size.clone(), data, s.dtype);
        }
    }
}
