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
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
                instantiation.replace("-", "_").toUpperCase(),
                config.nonLocal().instantiation().name());
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

    /** The tiny preset with {@link #randomWeights} and a batch of 2 normalised random clips. */
    private record Tiny(Model model, NlI3d net, NDManager manager, NDArray clip) implements AutoCloseable {
        static Tiny of(ModelConfig config) {
            Model model = NlI3d.newModel(config, Device.cpu());
            NlI3d net = (NlI3d) model.getBlock();
            randomWeights(net, 5);
            NDManager m = NDManager.newBaseManager(Device.cpu());
            return new Tiny(model, net, m, m.randomNormal(new Shape(config.inputShape(2))));
        }

        @Override
        public void close() {
            manager.close();
            model.close();
        }
    }

    /**
     * How far bf16 may move an output, as a fraction of the outputs' largest magnitude: bfloat16
     * keeps 8 significant bits, so each rounding of an operand or a result errs by at most
     * 2^-9 relatively, and the tiny network runs 30 ops in bf16 (stem, 4 bottlenecks of 3 convs
     * plus a shortcut, 2 non-local blocks of 4 convs and 2 matrix products, the classifier).
     * Errors that added up in the same direction through all of them would reach 30 x 2^-9 (5.9%)
     * of the scale; independent ones stay well below (measured here: 1-3%).
     */
    private static final double BF16_TOLERANCE = 30 * Precision.BF16.unitRoundoff();

    /** Differences this small are float32 rounding, not bfloat16 arithmetic. */
    private static final double FLOAT32_NOISE = Math.pow(2, -16);

    private static double scale(float[] v) {
        double scale = 0;
        for (float e : v) {
            scale = Math.max(scale, Math.abs(e));
        }
        return scale;
    }

    private static double maxDifference(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
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
    void bf16StaysWithinItsRoundingOfFp32(String head) {
        ModelConfig tiny = ModelPresets.load("tiny-nl-i3d");
        ModelConfig config = head.equals("global-average")
                ? tiny
                : tiny.withHead(new ModelConfig.Head(ModelConfig.HeadType.FULLY_CONVOLUTIONAL, 0.0, List.of(2, 1, 1)));
        try (Tiny t = Tiny.of(config)) {
            InferenceMode.apply(t.net(), Precision.FP32);
            float[][] fp32 = forward(t.net(), t.manager(), t.clip());
            InferenceMode.apply(t.net(), Precision.BF16);
            assertEquals(Precision.BF16, t.net().precision());
            float[][] bf16 = forward(t.net(), t.manager(), t.clip());
            String[] what = {"scores", "pool5"};
            for (int k = 0; k < 2; k++) {
                double scale = scale(fp32[k]);
                double worst = maxDifference(fp32[k], bf16[k]);
                assertTrue(worst <= BF16_TOLERANCE * scale, what[k] + ": bf16 moved by " + worst + " of " + scale);
                assertTrue(worst > FLOAT32_NOISE * scale, what[k] + ": bf16 changed nothing, so it did not run");
            }
            int classes = config.numClasses();
            for (int clip = 0; clip < 2; clip++) {
                float[] sorted = Arrays.copyOfRange(fp32[0], clip * classes, (clip + 1) * classes);
                Arrays.sort(sorted);
                double margin = sorted[classes - 1] - sorted[classes - 2];
                if (margin > 2 * BF16_TOLERANCE * scale(fp32[0])) {
                    assertEquals(argmax(fp32[0], clip * classes, classes), argmax(bf16[0], clip * classes, classes));
                }
            }
            InferenceMode.undo(t.net());
            assertEquals(Precision.FP32, t.net().precision());
        }
    }

    @Test
    void bf16EndsWithItsForwardAndRunsOnAnyThread() throws Exception {
        try (Tiny t = Tiny.of(ModelPresets.load("tiny-nl-i3d"))) {
            InferenceMode.apply(t.net(), Precision.FP32);
            float[] before = forward(t.net(), t.manager(), t.clip())[0];
            InferenceMode.apply(t.net(), Precision.BF16);
            float[] bf16 = forward(t.net(), t.manager(), t.clip())[0];
            // a thread that never ran a forward, as Spark's task threads
            ExecutorService fresh = Executors.newSingleThreadExecutor();
            try {
                float[] onFreshThread = fresh.submit(() -> forward(t.net(), t.manager(), t.clip())[0])
                        .get();
                assertTrue(maxDifference(bf16, onFreshThread) <= FLOAT32_NOISE * scale(bf16), "same bf16 result");
            } finally {
                fresh.shutdown();
            }
            // this thread's autocast ended with the bf16 forward: float32 again, as before it
            InferenceMode.apply(t.net(), Precision.FP32);
            float[] after = forward(t.net(), t.manager(), t.clip())[0];
            assertTrue(maxDifference(before, after) <= FLOAT32_NOISE * scale(before), "float32 after bf16");
        }
    }
}
