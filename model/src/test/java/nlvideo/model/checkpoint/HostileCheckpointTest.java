package nlvideo.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints are files from the internet: reading one must run nothing and allocate no more than
 * the file really holds. Each hostile file here is refused with a {@link CheckpointFormatException}
 * (or, for the REDUCE of {@code os.system}, stays an inert object), in this JVM and in a child JVM
 * with a 64 MiB heap, where an allocation of any declared size would end in an OutOfMemoryError.
 */
class HostileCheckpointTest {

    /** What the pickled os.system call would create (make_torch_fixtures.py). */
    static final Path MARKER = Path.of("/tmp/nlvideo-hostile-pickle-ran");

    @TempDir
    static Path dir;

    static final Map<String, Path> FILES = new LinkedHashMap<>();

    @BeforeAll
    static void write() throws Exception {
        for (String fixture : List.of("hostile_os_system.pkl", "hostile_os_system.pth", "hostile_deep_nesting.pkl")) {
            try (InputStream in = HostileCheckpointTest.class.getResourceAsStream(fixture)) {
                FILES.put(fixture, dir.resolve(fixture));
                Files.copy(in, dir.resolve(fixture));
            }
        }
        // a bytes object declaring 2^40 bytes
        file(
                "huge_bytes.pkl",
                new PickleWriter().proto(4).op(0x8e).long8(1L << 40).raw(new byte[8]));
        // a unicode string declaring 2^31 - 100 bytes, followed by 10: must fail at EOF, not allocate 2 GB
        file(
                "truncated_unicode.pkl",
                new PickleWriter()
                        .proto(2)
                        .op('X')
                        .int4(Integer.MAX_VALUE - 100)
                        .raw(new byte[10]));
        // numpy arrays declaring 2^80 elements, and 2^30 elements over 4 bytes
        file("numpy_overflowing_shape.pkl", blobs(new long[] {1L << 40, 1L << 40}));
        file("numpy_short_data.pkl", blobs(new long[] {1L << 30}));
        // torch: a storage declaring 2^40 floats; a tensor of 2^31 elements with stride 0 over one float;
        // a legacy storage of 2^60 elements
        torchZip("torch_huge_storage.pth", 1L << 40, new long[] {4}, new long[] {1}, new byte[16]);
        torchZip("torch_zero_stride.pth", 1, new long[] {1L << 31}, new long[] {0}, new byte[4]);
        torchLegacyHugeStorage("torch_legacy_huge_storage.pth");
        // a zip bomb: the pickle declares 4 floats, the storage entry inflates to 256 MiB of zeros
        torchZipBomb("torch_zip_bomb.pth");
        // a dict key that is a list (unhashable in Python)
        file(
                "list_key.pkl",
                new PickleWriter().proto(2).op('}').op(']').integer(1).op('s').op('.'));
    }

    private static void file(String name, PickleWriter w) throws IOException {
        FILES.put(name, Files.write(dir.resolve(name), w.toByteArray()));
    }

    private static PickleWriter blobs(long[] shape) {
        PickleWriter.Custom array =
                CheckpointFiles.ndarray(shape, new byte[4], CheckpointFiles.Caffe2Style.PY3_CODECS, false);
        return new PickleWriter()
                .proto(2)
                .value(Map.of("blobs", Map.of("w", array)))
                .stop();
    }

    private static void torchZip(String name, long numel, long[] size, long[] stride, byte[] data) throws IOException {
        CheckpointFiles.TorchStorages st = new CheckpointFiles.TorchStorages(false);
        String key = st.storage("FloatStorage", data);
        Object root = Map.of(
                "state_dict",
                CheckpointFiles.orderedDict(Map.of("w", st.view(key, numel, "FloatStorage", 0, size, stride))));
        Path file = dir.resolve(name);
        CheckpointFiles.writeTorchZip(file, root, st);
        FILES.put(name, file);
    }

    private static void torchZipBomb(String name) throws IOException {
        CheckpointFiles.TorchStorages st = new CheckpointFiles.TorchStorages(false);
        Object root = Map.of(
                "state_dict",
                CheckpointFiles.orderedDict(
                        Map.of("w", st.view("0", 4, "FloatStorage", 0, new long[] {4}, new long[] {1}))));
        byte[] pkl = new PickleWriter().proto(2).value(root).stop().toByteArray();
        Path file = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(pkl);
            zip.putNextEntry(new ZipEntry("archive/data/0"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        FILES.put(name, file);
    }

    private static void torchLegacyHugeStorage(String name) throws IOException {
        CheckpointFiles.TorchStorages st = new CheckpointFiles.TorchStorages(true);
        Object root = CheckpointFiles.orderedDict(
                Map.of("w", st.view("0", 4, "FloatStorage", 0, new long[] {4}, new long[] {1})));
        PickleWriter w = new PickleWriter();
        w.proto(2).bigInteger(new BigInteger("1950a86a20f9469cfc6c", 16)).stop();
        w.proto(2).integer(1001).stop();
        w.proto(2).value(Map.of("little_endian", true)).stop();
        w.proto(2).value(root).stop();
        w.proto(2).value(new ArrayList<>(List.of("0"))).op('.');
        w.long8(1L << 60).raw(new byte[16]);
        FILES.put(name, Files.write(dir.resolve(name), w.toByteArray()));
    }

    @Test
    void aReduceOfOsSystemStaysInert() throws Exception {
        Files.deleteIfExists(MARKER);
        Object root;
        try (InputStream in = Files.newInputStream(FILES.get("hostile_os_system.pkl"))) {
            root = new PickleReader().load(in);
        }
        PyObject call = (PyObject) ((Map<?, ?>) root).get("blobs");
        assertEquals(new PyGlobal("posix", "system"), call.type());
        assertEquals(List.of("touch " + MARKER), call.args());
        assertThrows(CheckpointFormatException.class, () -> CheckpointImport.read(FILES.get("hostile_os_system.pkl")));
        assertThrows(CheckpointFormatException.class, () -> CheckpointImport.read(FILES.get("hostile_os_system.pth")));
        assertFalse(Files.exists(MARKER), "the pickled command ran");
    }

    @Test
    void everyHostileFileIsRefused() {
        for (Map.Entry<String, Path> f : FILES.entrySet()) {
            CheckpointFormatException e = assertThrows(
                    CheckpointFormatException.class, () -> CheckpointImport.read(f.getValue()), f.getKey());
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), f.getKey());
        }
    }

    /** The same files in a JVM whose heap could not hold any of the sizes they declare. */
    @Test
    void memoryStaysBoundedInA64MibHeap() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                Child.class.getName()));
        FILES.values().forEach(p -> command.add(p.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(0, child.exitValue(), out);
        for (String name : FILES.keySet()) {
            assertTrue(out.contains("refused " + name + ":"), name + " in\n" + out);
        }
        assertFalse(Files.exists(MARKER));
    }

    /** Reads each file given; exit 0 when every one was refused with a CheckpointFormatException. */
    public static final class Child {
        public static void main(String[] args) {
            int status = 0;
            for (String a : args) {
                Path file = Path.of(a);
                try {
                    CheckpointImport.read(file);
                    System.out.println("READ " + file.getFileName());
                    status = 1;
                } catch (CheckpointFormatException e) {
                    System.out.println("refused " + file.getFileName() + ": " + e.getMessage());
                } catch (Throwable t) {
                    System.out.println("FAILED " + file.getFileName() + ": " + t);
                    status = 1;
                }
            }
            System.exit(status);
        }
    }
}
