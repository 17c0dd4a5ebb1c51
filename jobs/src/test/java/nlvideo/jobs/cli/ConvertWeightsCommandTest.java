package nlvideo.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import nlvideo.model.ModelConfig;
import nlvideo.model.ModelPresets;
import nlvideo.model.checkpoint.CheckpointTensor;
import nlvideo.model.checkpoint.WeightsFile;
import nlvideo.model.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convert-weights}: Caffe2 checkpoint to .nlw and back through the network. */
class ConvertWeightsCommandTest {

    private static final String PRESET = "tiny-nl-i3d";

    @TempDir
    Path dir;

    @Test
    void roundTripKeepsEveryTensorAndTheNetworksOutputs() throws Exception {
        ModelConfig config = ModelPresets.load(PRESET);
        Map<String, CheckpointTensor> weights = Caffe2Weights.random(config, 21);
        CheckpointTensor momentum = weights.get("stem.conv.weight");
        Path ckpt = Caffe2Weights.write(
                dir.resolve("c2.pkl"),
                weights,
                Map.of(
                        "conv1_w_momentum",
                        momentum,
                        "lr",
                        new CheckpointTensor(new long[] {1}, new float[] {0.1f}, "float32")));
        Path nlw = dir.resolve("tiny.nlw");

        CliRun r =
                CliRun.of("convert-weights", "--model", PRESET, "--input", ckpt.toString(), "--output", nlw.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.out().contains("ignored 2")
                        && r.out().contains("conv1_w_momentum")
                        && r.out().contains("lr"),
                r.out());

        WeightsFile.Weights back = WeightsFile.read(nlw);
        assertEquals(PRESET, back.preset());
        assertEquals(weights.keySet(), back.tensors().keySet());
        weights.forEach((name, t) -> {
            assertArrayEquals(t.shape(), back.tensors().get(name).shape(), name);
            assertArrayEquals(t.data(), back.tensors().get(name).data(), name);
        });

        // the converted file and the checkpoint drive the network identically
        long[] shape = config.inputShape(1);
        float[] clip = new float[(int) CheckpointTensor.numel(shape)];
        for (int i = 0; i < clip.length; i++) {
            clip[i] = (float) Math.cos(i * 0.01);
        }
        Path clips = dir.resolve("clip.npy");
        Npy.write(clips, shape, clip);
        Path fromNlw = dir.resolve("nlw.npy");
        Path fromPkl = dir.resolve("pkl.npy");
        assertEquals(
                0,
                CliRun.of(
                                "forward",
                                "--model",
                                PRESET,
                                "--weights",
                                nlw.toString(),
                                "--input",
                                clips.toString(),
                                "--output",
                                fromNlw.toString())
                        .code());
        assertEquals(
                0,
                CliRun.of(
                                "forward",
                                "--model",
                                PRESET,
                                "--weights",
                                ckpt.toString(),
                                "--input",
                                clips.toString(),
                                "--output",
                                fromPkl.toString())
                        .code());
        assertArrayEquals(Npy.read(fromPkl).data(), Npy.read(fromNlw).data());
    }

    @Test
    void mismatchListsNamesAndShapesWithoutStackTrace() throws Exception {
        Map<String, CheckpointTensor> weights = new LinkedHashMap<>(Caffe2Weights.random(ModelPresets.load(PRESET), 1));
        weights.remove("res3.0.nonlocal.g.bias");
        weights.put("head.fc.weight", new CheckpointTensor(new long[] {7, 256}, new float[7 * 256], "float32"));
        Path ckpt = Caffe2Weights.write(dir.resolve("bad.pkl"), weights, Map.of());
        Path nlw = dir.resolve("bad.nlw");
        CliRun r =
                CliRun.of("convert-weights", "--model", PRESET, "--input", ckpt.toString(), "--output", nlw.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("missing: res3.0.nonlocal.g.bias"), r.err());
        assertTrue(r.err().contains("pred_w [7, 256]") && r.err().contains("[10, 256]"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(nlw));
    }

    @Test
    void badArgumentsExit2() throws Exception {
        Path ckpt = Caffe2Weights.write(
                dir.resolve("c2.pkl"), Caffe2Weights.random(ModelPresets.load(PRESET), 2), Map.of());
        String in = ckpt.toString();
        assertEquals(
                2,
                CliRun.of(
                                "convert-weights",
                                "--model",
                                PRESET,
                                "--input",
                                in,
                                "--output",
                                dir.resolve("x.bin").toString())
                        .code());
        assertEquals(
                2,
                CliRun.of(
                                "convert-weights",
                                "--model",
                                PRESET,
                                "--input",
                                dir.resolve("none.pkl").toString(),
                                "--output",
                                dir.resolve("x.nlw").toString())
                        .code());
        assertEquals(
                2,
                CliRun.of(
                                "convert-weights",
                                "--model",
                                "nope",
                                "--input",
                                in,
                                "--output",
                                dir.resolve("x.nlw").toString())
                        .code());
        assertEquals(
                2,
                CliRun.of("convert-weights", "--model", PRESET, "--input", in).code());
        Path existing = Files.writeString(dir.resolve("old.nlw"), "keep");
        CliRun r = CliRun.of("convert-weights", "--model", PRESET, "--input", in, "--output", existing.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--overwrite"), r.err());
        assertEquals("keep", Files.readString(existing));
        assertFalse(Files.exists(dir.resolve("x.nlw")));
    }
}
