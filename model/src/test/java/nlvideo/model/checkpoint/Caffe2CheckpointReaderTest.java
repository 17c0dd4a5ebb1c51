package nlvideo.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class Caffe2CheckpointReaderTest {

    @TempDir
    Path dir;

    static CheckpointTensor random(Random rnd, long... shape) {
        float[] d = new float[(int) CheckpointTensor.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rnd.nextGaussian();
        }
        return new CheckpointTensor(shape, d, "float32");
    }

    @ParameterizedTest
    @EnumSource(CheckpointFiles.Caffe2Style.class)
    void readsEveryBlobOfEachPythonStyle(CheckpointFiles.Caffe2Style style) throws Exception {
        Random rnd = new Random(3);
        Map<String, CheckpointTensor> blobs = new LinkedHashMap<>();
        blobs.put("conv1_w", random(rnd, 8, 3, 3, 7, 7)); // > 255 bytes: BINSTRING under Python 2
        blobs.put("res_conv1_bn_s", random(rnd, 8)); // < 256 bytes: SHORT_BINSTRING
        blobs.put("res_conv1_bn_riv", random(rnd, 8)); // written as float64
        blobs.put("pred_w", random(rnd, 5, 16));
        Path file = dir.resolve("c2.pkl");
        CheckpointFiles.writeCaffe2(file, blobs, style);

        Map<String, CheckpointTensor> read = Caffe2CheckpointReader.read(file);

        assertEquals(blobs.keySet(), read.keySet());
        for (String name : blobs.keySet()) {
            assertArrayEquals(blobs.get(name).shape(), read.get(name).shape(), name);
            assertArrayEquals(blobs.get(name).data(), read.get(name).data(), name);
        }
        assertEquals("float64", read.get("res_conv1_bn_riv").sourceDtype());
    }

    /**
     * Files written by real Python 3 with numpy 2 ({@code numpy._core}, make_numpy_pickles.py) and
     * numpy 1 ({@code numpy.core}), both at protocols 2 and 5.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "caffe2_numpy2_protocol2.pkl",
                "caffe2_numpy2_protocol5.pkl",
                "caffe2_numpy1_protocol2.pkl",
                "caffe2_numpy1_protocol5.pkl"
            })
    void readsPicklesWrittenByNumpy(String resource) throws Exception {
        Map<String, CheckpointTensor> read;
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            read = Caffe2CheckpointReader.read(in, resource);
        }
        float[] conv = new float[36];
        for (int i = 0; i < 36; i++) {
            conv[i] = i * 0.5f - 3f;
        }
        assertArrayEquals(new long[] {4, 3, 1, 1, 3}, read.get("conv1_w").shape());
        assertArrayEquals(conv, read.get("conv1_w").data());
        assertArrayEquals(
                new float[] {0.25f, 1.25f, 2.25f, 3.25f},
                read.get("res_conv1_bn_riv").data());
        assertArrayEquals(new float[] {7f}, read.get("model_iter").data());
        // Fortran-ordered 2x3 of arange(6): row-major values are still 0..5.
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, read.get("fortran_w").data());
        assertArrayEquals(new float[] {0, 1, 2}, read.get("big_endian_b").data());
        assertArrayEquals(new float[] {1.5f, -2.25f}, read.get("half_s").data());
    }

    @Test
    void rejectsPicklesThatAreNotCaffe2Checkpoints() throws Exception {
        Path notC2 = dir.resolve("x.pkl");
        Files.write(
                notC2,
                new PickleWriter().proto(2).value(Map.of("weights", 1L)).stop().toByteArray());
        CheckpointFormatException e =
                assertThrows(CheckpointFormatException.class, () -> Caffe2CheckpointReader.read(notC2));
        assertTrue(e.getMessage().contains("blobs"), e.getMessage());

        Path truncated = dir.resolve("t.pkl");
        Map<String, CheckpointTensor> blobs = Map.of("conv1_w", random(new Random(1), 4, 3, 1, 3, 3));
        CheckpointFiles.writeCaffe2(truncated, blobs, CheckpointFiles.Caffe2Style.PY2);
        byte[] whole = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThrows(CheckpointFormatException.class, () -> Caffe2CheckpointReader.read(truncated));
    }
}
