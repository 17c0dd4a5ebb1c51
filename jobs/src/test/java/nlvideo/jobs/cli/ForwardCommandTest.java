package nlvideo.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import nlvideo.model.Bf16Rounding;
import nlvideo.model.ModelConfig;
import nlvideo.model.ModelPresets;
import nlvideo.model.NlI3d;
import nlvideo.model.SeededWeights;
import nlvideo.model.checkpoint.CheckpointTensor;
import nlvideo.model.io.Npy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code forward} against a DJL forward of the same network computed here, with weights set
 * directly by name (not through checkpoint import).
 */
class ForwardCommandTest {

    private static final String PRESET = "tiny-nl-i3d";
    private static final int CLIPS = 3;

    @TempDir
    static Path dir;

    private static ModelConfig config;
    private static Map<String, CheckpointTensor> weights;
    private static Path checkpoint;
    private static Path clips;
    private static Npy.Array input;

    @BeforeAll
    static void files() throws Exception {
        config = ModelPresets.load(PRESET);
        weights = Caffe2Weights.random(config, 11);
        checkpoint = Caffe2Weights.write(dir.resolve("tiny.pkl"), weights, Map.of());
        long[] shape = config.inputShape(CLIPS);
        float[] v = new float[(int) CheckpointTensor.numel(shape)];
        Random rnd = new Random(5);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        input = new Npy.Array(shape, v);
        clips = dir.resolve("clips.npy");
        Npy.write(clips, input);
    }

    /** The expected (scores, pool5) of the whole input in one pass, weights given by {@code fill}. */
    private static float[][] reference(java.util.function.Consumer<NlI3d> fill) {
        try (Model model = NlI3d.newModel(config, Device.cpu());
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            fill.accept(net);
            NDList out = net.forward(
                    new ParameterStore(m, false), new NDList(m.create(input.data(), new Shape(input.shape()))), false);
            return new float[][] {out.get(0).toFloatArray(), out.get(1).toFloatArray()};
        }
    }

    /**
     * Equal within 1e-4 of the array's largest magnitude: the command runs with BN folded into the
     * convolutions (InferenceMode), the reference unfolded, so float32 rounding differs slightly.
     */
    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        double scale = 1e-6;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * scale, "element " + i);
        }
    }

    @Test
    void caffe2CheckpointGivesTheNetworksLogitsAndPool5() throws Exception {
        Path logits = dir.resolve("logits.npy");
        Path pool5 = dir.resolve("pool5.npy");
        CliRun r = CliRun.of(
                "forward",
                "--model",
                PRESET,
                "--weights",
                checkpoint.toString(),
                "--input",
                clips.toString(),
                "--output",
                logits.toString(),
                "--features",
                pool5.toString(),
                "--batch-size",
                "2");
        assertEquals(0, r.code(), r.err());
        float[][] expected = reference(net -> weights.forEach(
                (name, t) -> net.namedParameters().get(name).getArray().set(t.data())));
        Npy.Array scores = Npy.read(logits);
        Npy.Array features = Npy.read(pool5);
        assertArrayEquals(new long[] {CLIPS, 10}, scores.shape());
        assertArrayEquals(new long[] {CLIPS, config.featureWidth()}, features.shape());
        assertClose(expected[0], scores.data());
        assertClose(expected[1], features.data());
    }

    @Test
    void seededRandomWeightsAreTheSeededNetwork() throws Exception {
        Path logits = dir.resolve("seeded.npy");
        CliRun r = CliRun.of(
                "forward",
                "--model",
                PRESET,
                "--random-weights",
                "7",
                "--input",
                clips.toString(),
                "--output",
                logits.toString());
        assertEquals(0, r.code(), r.err());
        assertClose(
                reference(net -> SeededWeights.fill(net, 7))[0],
                Npy.read(logits).data());
        assertFalse(Files.exists(dir.resolve("pool5-seeded.npy")));
    }

    @Test
    void bf16IsTheNetworkWithinBf16Rounding() throws Exception {
        Path logits = dir.resolve("bf16.npy");
        CliRun r = CliRun.of(
                "forward",
                "--model",
                PRESET,
                "--weights",
                checkpoint.toString(),
                "--input",
                clips.toString(),
                "--output",
                logits.toString(),
                "--precision",
                "bf16");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("bf16"), r.err());
        float[] fp32 = reference(net -> weights.forEach(
                (name, t) -> net.namedParameters().get(name).getArray().set(t.data())))[0];
        Bf16Rounding.assertBf16Of(fp32, Npy.read(logits).data(), Bf16Rounding.TINY_OPS, "logits");
    }

    @Test
    void badArgumentsAreRefusedBeforeWriting() throws Exception {
        Path out = dir.resolve("never.npy");
        String c = clips.toString();
        String o = out.toString();
        assertUsage("--weights", "forward", "--model", PRESET, "--input", c, "--output", o);
        assertUsage(
                "exclude",
                "forward",
                "--model",
                PRESET,
                "--weights",
                checkpoint.toString(),
                "--random-weights",
                "1",
                "--input",
                c,
                "--output",
                o);
        assertUsage(
                "--weights",
                "forward",
                "--model",
                PRESET,
                "--weights",
                dir.resolve("none.pkl").toString(),
                "--input",
                c,
                "--output",
                o);
        assertUsage(
                "--model",
                "forward",
                "--model",
                "no-such-preset",
                "--random-weights",
                "1",
                "--input",
                c,
                "--output",
                o);
        assertUsage(
                "--input",
                "forward",
                "--model",
                PRESET,
                "--random-weights",
                "1",
                "--input",
                dir.resolve("none.npy").toString(),
                "--output",
                o);
        Path flat = dir.resolve("flat.npy");
        Npy.write(flat, new long[] {2, 3}, new float[6]);
        assertUsage(
                "N x 3 x T x H x W",
                "forward",
                "--model",
                PRESET,
                "--random-weights",
                "1",
                "--input",
                flat.toString(),
                "--output",
                o);
        Path notNpy = Files.writeString(dir.resolve("text.npy"), "not numpy");
        assertUsage(
                "--input",
                "forward",
                "--model",
                PRESET,
                "--random-weights",
                "1",
                "--input",
                notNpy.toString(),
                "--output",
                o);
        assertUsage(
                "--batch-size",
                "forward",
                "--model",
                PRESET,
                "--random-weights",
                "1",
                "--input",
                c,
                "--output",
                o,
                "--batch-size",
                "0");
        assertUsage(
                "--output",
                "forward",
                "--model",
                PRESET,
                "--random-weights",
                "1",
                "--input",
                c,
                "--output",
                dir.resolve("no/such/folder/x.npy").toString());
        assertUsage(
                "--precision",
                "forward",
                "--model",
                PRESET,
                "--random-weights",
                "1",
                "--input",
                c,
                "--output",
                o,
                "--precision",
                "fp16");
        assertFalse(Files.exists(out));

        Path existing = Files.writeString(dir.resolve("existing.npy"), "keep");
        assertUsage(
                "--overwrite",
                "forward",
                "--model",
                PRESET,
                "--random-weights",
                "1",
                "--input",
                c,
                "--output",
                existing.toString());
        assertEquals("keep", Files.readString(existing));
    }

    @Test
    void checkpointOfAnotherNetworkFailsWithTheNames() throws Exception {
        ModelConfig other = config.withNumClasses(7);
        Path wrong = Caffe2Weights.write(dir.resolve("other.pkl"), Caffe2Weights.random(other, 3), Map.of());
        Path out = dir.resolve("wrong.npy");
        CliRun r = CliRun.of(
                "forward",
                "--model",
                PRESET,
                "--weights",
                wrong.toString(),
                "--input",
                clips.toString(),
                "--output",
                out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("pred_w") && r.err().contains("[10, 256]"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(Files.exists(out));
    }

    private static void assertUsage(String mention, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(mention), r.err());
    }
}
