package nlvideo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import nlvideo.model.checkpoint.WeightConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The folded network gives the unfolded network's outputs, for every kind of block that folds. */
class InferenceModeTest {

    /** Random weights with BN statistics far from identity, so that a wrong fold shows. */
    private static void randomWeights(NlI3d net, long seed) {
        Random rnd = new Random(seed);
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            NDArray a = e.getValue().getArray();
            long[] shape = a.getShape().getShape();
            float[] v = new float[(int) a.getShape().size()];
            String name = e.getKey();
            for (int i = 0; i < v.length; i++) {
                double g = rnd.nextGaussian();
                v[i] = (float)
                        (name.endsWith(".gamma")
                                ? 1 + 0.3 * g
                                : name.endsWith(".runningVar")
                                        ? 0.2 + 2 * rnd.nextDouble()
                                        : name.endsWith(".runningMean")
                                                ? 0.5 * g
                                                : name.endsWith(".weight") && shape.length > 1
                                                        ? g * Math.sqrt(2.0 * shape[0] / v.length)
                                                        : 0.2 * g);
            }
            a.set(v);
        }
    }

    private static float[][] forward(NlI3d net, NDManager m, NDArray clip) {
        NDList out = net.forward(new ParameterStore(m, false), new NDList(clip), false);
        return new float[][] {out.get(0).toFloatArray(), out.get(1).toFloatArray()};
    }

    private static void assertRelativelyClose(float[] expected, float[] actual, String what) {
        double scale = 0;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * Math.max(scale, 1e-6), what + " " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded-gaussian", "dot-product", "gaussian", "concatenation"})
    void foldedGivesTheUnfoldedOutputs(String instantiation) {
        ModelConfig tiny = ModelPresets.load("tiny-nl-i3d");
        ModelConfig config = ModelConfig.parse(tiny.toYaml().replace("embedded-gaussian", instantiation));
        assertEquals(
                instantiation, ModelConfigYaml.text(config.network().nonLocal().instantiation()));
        try (Model model = NlI3d.newModel(config, Device.cpu());
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            randomWeights(net, 3);
            NDArray clip = m.randomNormal(new Shape(config.inputShape(2)));
            float[][] plain = forward(net, m, clip);

            InferenceMode.apply(net);
            assertTrue(net.namedParameters().values().stream()
                    .noneMatch(p -> p.getArray().hasGradient()));
            float[][] folded = forward(net, m, clip);
            assertRelativelyClose(plain[0], folded[0], "logit");
            assertRelativelyClose(plain[1], folded[1], "pool5");
            assertFalse(Arrays.equals(plain[1], folded[1]), "the folded path ran (rounding differs)");

            // weights changed after folding: applying again refolds; undo returns to conv + BN
            randomWeights(net, 4);
            InferenceMode.undo(net);
            float[][] plain2 = forward(net, m, clip);
            InferenceMode.apply(net);
            assertRelativelyClose(plain2[0], forward(net, m, clip)[0], "refolded logit");
        }
    }

    /**
     * On one intra-op thread the folded 1x1-wide convolutions run on oneDNN through a no-op dilation
     * ({@link ConvBnPair#oneDnnDilation}), while the unfolded ones take libtorch's own path: both
     * give the same outputs.
     */
    @Test
    void foldedOnOneThreadGivesTheUnfoldedOutputs() throws Exception {
        ModelConfig config = ModelPresets.load("tiny-nl-i3d");
        ExecutorService one = Executors.newSingleThreadExecutor();
        int threads = JniUtils.getNumThreads();
        try (Model model = NlI3d.newModel(config, Device.cpu());
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            randomWeights(net, 5);
            NDArray clip = m.randomNormal(new Shape(config.inputShape(2)));
            one.submit(() -> {
                        JniUtils.setNumThreads(1);
                        Shape pointwise = new Shape(1, 1, 1);
                        assertEquals(
                                new Shape(1, 1, 2),
                                ConvBnPair.oneDnnDilation(pointwise, pointwise, Device.cpu()),
                                "a 1x1x1 kernel gets a dilation along W");
                        assertEquals(
                                pointwise,
                                ConvBnPair.oneDnnDilation(new Shape(1, 3, 3), pointwise, Device.cpu()),
                                "a 1x3x3 kernel runs on oneDNN anyway");
                        float[][] plain = forward(net, m, clip);
                        InferenceMode.apply(net);
                        float[][] folded = forward(net, m, clip);
                        assertRelativelyClose(plain[0], folded[0], "logit");
                        assertRelativelyClose(plain[1], folded[1], "pool5");
                        return null;
                    })
                    .get();
        } finally {
            one.submit(() -> JniUtils.setNumThreads(threads)).get();
            one.shutdown();
        }
        assertEquals(threads, JniUtils.getNumThreads());
    }

    /**
     * The demo model with its trained weights (conf/weights/demo-nl-i3d.nlw: activations and
     * logits as a trained network has them, unlike random weights, whose saturated softmaxes flip
     * on any rounding) and a batch of 2 clips of seeded Gaussian noise.
     */
    private record Demo(Model model, NlI3d net, NDManager manager, NDArray clip) implements AutoCloseable {
        static Demo of(ModelConfig config) throws IOException {
            Model model = NlI3d.newModel(config, Device.cpu());
            NlI3d net = (NlI3d) model.getBlock();
            WeightConverter.loadAny(Path.of("..", "conf", "weights", "demo-nl-i3d.nlw"), net);
            Shape shape = new Shape(config.inputShape(2));
            float[] v = new float[(int) shape.size()];
            Random random = new Random(7);
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian();
            }
            NDManager m = NDManager.newBaseManager(Device.cpu());
            return new Demo(model, net, m, m.create(v, shape));
        }

        @Override
        public void close() {
            manager.close();
            model.close();
        }
    }

    private static int argmax(float[] v, int from, int length) {
        int best = from;
        for (int i = from; i < from + length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best - from;
    }

    @ParameterizedTest
    @ValueSource(strings = {"global-average", "fully-convolutional"})
    void bf16StaysWithinItsRoundingOfFp32(String head) throws IOException {
        ModelConfig demo = ModelPresets.load("demo-nl-i3d");
        ModelConfig config = head.equals("global-average")
                ? demo
                : demo.withHead(new HeadConfig(HeadConfig.Type.FULLY_CONVOLUTIONAL, 0.0, List.of(2, 1, 1)));
        try (Demo t = Demo.of(config)) {
            InferenceMode.apply(t.net(), Precision.FP32);
            float[][] fp32 = forward(t.net(), t.manager(), t.clip());
            InferenceMode.apply(t.net(), Precision.BF16);
            assertEquals(Precision.BF16, t.net().precision());
            float[][] bf16 = forward(t.net(), t.manager(), t.clip());
            Bf16Rounding.assertBf16Of(fp32[0], bf16[0], Bf16Rounding.TINY_OPS, "scores");
            Bf16Rounding.assertBf16Of(fp32[1], bf16[1], Bf16Rounding.TINY_OPS, "pool5");
            int classes = config.numClasses();
            for (int clip = 0; clip < 2; clip++) {
                float[] sorted = Arrays.copyOfRange(fp32[0], clip * classes, (clip + 1) * classes);
                Arrays.sort(sorted);
                double margin = sorted[classes - 1] - sorted[classes - 2];
                if (margin > 2 * Bf16Rounding.bound(Bf16Rounding.TINY_OPS) * Bf16Rounding.scale(fp32[0])) {
                    assertEquals(argmax(fp32[0], clip * classes, classes), argmax(bf16[0], clip * classes, classes));
                }
            }
            InferenceMode.undo(t.net());
            assertEquals(Precision.FP32, t.net().precision());
        }
    }

    @Test
    void bf16EndsWithItsForwardAndRunsOnAnyThread() throws Exception {
        try (Demo t = Demo.of(ModelPresets.load("demo-nl-i3d"))) {
            InferenceMode.apply(t.net(), Precision.FP32);
            float[] before = forward(t.net(), t.manager(), t.clip())[0];
            InferenceMode.apply(t.net(), Precision.BF16);
            float[] bf16 = forward(t.net(), t.manager(), t.clip())[0];
            // a thread that never ran a forward, as Spark's task threads
            ExecutorService fresh = Executors.newSingleThreadExecutor();
            try {
                float[] onFreshThread = fresh.submit(() -> forward(t.net(), t.manager(), t.clip())[0])
                        .get();
                assertTrue(
                        Bf16Rounding.maxDifference(bf16, onFreshThread)
                                <= Bf16Rounding.FLOAT32_NOISE * Bf16Rounding.scale(bf16),
                        "same bf16 result");
            } finally {
                fresh.shutdown();
            }
            // this thread's autocast ended with the bf16 forward: float32 again, as before it
            InferenceMode.apply(t.net(), Precision.FP32);
            float[] after = forward(t.net(), t.manager(), t.clip())[0];
            assertTrue(
                    Bf16Rounding.maxDifference(before, after)
                            <= Bf16Rounding.FLOAT32_NOISE * Bf16Rounding.scale(before),
                    "float32 after bf16");
        }
    }
}
