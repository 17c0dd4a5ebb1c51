package nlvideo.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TorchCheckpointReaderTest {

    @TempDir
    Path dir;

    private void write(Path file, boolean legacy, Object root, CheckpointFiles.TorchStorages storages)
            throws Exception {
        if (legacy) {
            CheckpointFiles.writeTorchLegacy(file, root, storages);
        } else {
            CheckpointFiles.writeTorchZip(file, root, storages);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsPySlowFastModelStateAmongOtherEntries(boolean legacy) throws Exception {
        Random rnd = new Random(7);
        CheckpointTensor w = Caffe2CheckpointReaderTest.random(rnd, 6, 3, 1, 3, 3);
        CheckpointTensor b = Caffe2CheckpointReaderTest.random(rnd, 6);
        CheckpointFiles.TorchStorages st = new CheckpointFiles.TorchStorages(legacy);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("s1.pathway0_stem.conv.weight", st.tensor(w));
        state.put("s1.pathway0_stem.bn.running_mean", st.tensor(b));
        state.put("s1.pathway0_stem.bn.num_batches_tracked", st.longScalar(1234));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("epoch", 196L);
        root.put("model_state", CheckpointFiles.orderedDict(state));
        // Optimizer state and config objects the reader knows nothing about must not block the load.
        root.put("optimizer_state", (PickleWriter.Custom) x -> x.global("torch.optim.sgd", "SGD")
                .op(')')
                .op(0x81)
                .value(Map.of("lr", 0.1))
                .op('b'));
        root.put("cfg", "TRAIN: ...");
        Path file = dir.resolve(legacy ? "legacy.pyth" : "zip.pyth");
        write(file, legacy, root, st);

        Map<String, CheckpointTensor> sd = TorchCheckpointReader.readStateDict(file);

        assertEquals(
                List.of(
                        "s1.pathway0_stem.conv.weight",
                        "s1.pathway0_stem.bn.running_mean",
                        "s1.pathway0_stem.bn.num_batches_tracked"),
                List.copyOf(sd.keySet()));
        assertEquals(w, sd.get("s1.pathway0_stem.conv.weight"));
        assertEquals(b, sd.get("s1.pathway0_stem.bn.running_mean"));
        assertArrayEquals(
                new float[] {1234f},
                sd.get("s1.pathway0_stem.bn.num_batches_tracked").data());
        assertEquals("int64", sd.get("s1.pathway0_stem.bn.num_batches_tracked").sourceDtype());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void gathersStridedViewsAndSharedStorages(boolean legacy) throws Exception {
        float[] storage = new float[20];
        for (int i = 0; i < storage.length; i++) {
            storage[i] = i;
        }
        CheckpointFiles.TorchStorages st = new CheckpointFiles.TorchStorages(legacy);
        String key = st.storage("FloatStorage", CheckpointFiles.floatBytes(storage, ByteOrder.LITTLE_ENDIAN));
        Map<String, Object> state = new LinkedHashMap<>();
        // A 3x4 transposed view starting at element 2: element (i, j) = storage[2 + i + 3 j].
        state.put("backbone.t", st.view(key, 20, "FloatStorage", 2, new long[] {3, 4}, new long[] {1, 3}));
        // A contiguous 2x2 slice of the same storage at element 16.
        state.put("backbone.s", st.view(key, 20, "FloatStorage", 16, new long[] {2, 2}, new long[] {2, 1}));
        Path file = dir.resolve("views.pth");
        write(file, legacy, Map.of("state_dict", CheckpointFiles.orderedDict(state), "meta", Map.of()), st);

        Map<String, CheckpointTensor> sd = TorchCheckpointReader.readStateDict(file);

        float[] expected = new float[12];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                expected[i * 4 + j] = storage[2 + i + 3 * j];
            }
        }
        assertArrayEquals(expected, sd.get("backbone.t").data());
        assertArrayEquals(new float[] {16, 17, 18, 19}, sd.get("backbone.s").data());
    }

    /**
     * Files written by real {@code torch.save} (torch 1.13, make_torch_fixtures.py beside them), in
     * the zip and the legacy format, laid out as a PySlowFast checkpoint (model_state beside an SGD
     * state and a config string) and as an mmaction2 one (state_dict under DataParallel's
     * {@code module.} prefix, meta holding numpy values); float32 parameters, float64, float16 and
     * bfloat16 buffers, an int64 counter, a transposed view and a slice sharing one storage.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {"pyslowfast_zip.pyth", "pyslowfast_legacy.pyth", "mmaction2_zip.pth", "mmaction2_legacy.pth"})
    void readsFilesWrittenByTorchSave(String resource) throws Exception {
        Path file = dir.resolve(resource);
        try (java.io.InputStream in = getClass().getResourceAsStream(resource)) {
            Files.copy(in, file);
        }
        boolean pyslowfast = resource.startsWith("pyslowfast");
        String p = pyslowfast ? "s1.pathway0_stem." : "module.backbone.conv1.";
        Map<String, CheckpointTensor> sd = TorchCheckpointReader.readStateDict(file);
        assertEquals(
                List.of(
                        p + "conv.weight",
                        p + "bn.running_mean",
                        p + "bn.weight",
                        p + "bn.bias",
                        p + "bn.num_batches_tracked",
                        p + "transposed",
                        p + "slice"),
                List.copyOf(sd.keySet()));
        float[] conv = new float[4 * 3 * 3 * 3];
        for (int i = 0; i < conv.length; i++) {
            conv[i] = i * 0.5f - 3f;
        }
        assertArrayEquals(new long[] {4, 3, 1, 3, 3}, sd.get(p + "conv.weight").shape());
        assertArrayEquals(conv, sd.get(p + "conv.weight").data());
        assertArrayEquals(
                new float[] {1f, 1.25f, 1.5f, 1.75f},
                sd.get(p + "bn.running_mean").data());
        assertEquals("float64", sd.get(p + "bn.running_mean").sourceDtype());
        assertArrayEquals(
                new float[] {-1f, -0.5f, 0f, 0.5f}, sd.get(p + "bn.weight").data());
        assertEquals("float16", sd.get(p + "bn.weight").sourceDtype());
        assertArrayEquals(
                new float[] {0f, 0.125f, 0.25f, 0.375f}, sd.get(p + "bn.bias").data());
        assertEquals("bfloat16", sd.get(p + "bn.bias").sourceDtype());
        assertArrayEquals(new long[0], sd.get(p + "bn.num_batches_tracked").shape());
        assertArrayEquals(
                new float[] {1234f}, sd.get(p + "bn.num_batches_tracked").data());
        // base = arange(20); transposed = base[2:14].reshape(4, 3).t(): element (i, j) = 2 + i + 3 j
        float[] transposed = new float[12];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                transposed[i * 4 + j] = 2 + i + 3 * j;
            }
        }
        assertArrayEquals(new long[] {3, 4}, sd.get(p + "transposed").shape());
        assertArrayEquals(transposed, sd.get(p + "transposed").data());
        assertArrayEquals(new float[] {16, 17, 18, 19}, sd.get(p + "slice").data());
        assertEquals(
                pyslowfast ? SourceLayout.PYSLOWFAST : SourceLayout.MMACTION2,
                CheckpointImport.read(file).layout());
    }

    @Test
    void readsABareStateDict() throws Exception {
        CheckpointTensor w = Caffe2CheckpointReaderTest.random(new Random(1), 4, 2);
        CheckpointFiles.TorchStorages st = new CheckpointFiles.TorchStorages(false);
        Path file = dir.resolve("bare.pth");
        CheckpointFiles.writeTorchZip(file, CheckpointFiles.orderedDict(Map.of("fc.weight", st.tensor(w))), st);
        assertEquals(w, TorchCheckpointReader.readStateDict(file).get("fc.weight"));
    }

    @Test
    void rejectsFilesThatAreNotCheckpoints() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello\n");
        assertThrows(CheckpointFormatException.class, () -> TorchCheckpointReader.readStateDict(text));

        Path plainPickle = dir.resolve("plain.pkl");
        Files.write(
                plainPickle,
                new PickleWriter().proto(2).value(Map.of("a", 1L)).stop().toByteArray());
        assertThrows(CheckpointFormatException.class, () -> TorchCheckpointReader.readStateDict(plainPickle));

        // A legacy file whose storages were cut off.
        CheckpointFiles.TorchStorages st = new CheckpointFiles.TorchStorages(true);
        Path cut = dir.resolve("cut.pth");
        CheckpointFiles.writeTorchLegacy(
                cut,
                CheckpointFiles.orderedDict(
                        Map.of("w", st.tensor(Caffe2CheckpointReaderTest.random(new Random(2), 50)))),
                st);
        byte[] all = Files.readAllBytes(cut);
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 40));
        assertThrows(CheckpointFormatException.class, () -> TorchCheckpointReader.readStateDict(cut));
    }
}
