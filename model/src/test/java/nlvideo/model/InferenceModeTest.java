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
import java.util.Map;
import java.util.Random;
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
            assertFalse(java.util.Arrays.equals(plain[1], folded[1]), "the folded path ran (rounding differs)");

            // weights changed after folding: applying again refolds; undo returns to conv + BN
            randomWeights(net, 4);
            InferenceMode.undo(net);
            float[][] plain2 = forward(net, m, clip);
            InferenceMode.apply(net);
            assertRelativelyClose(plain2[0], forward(net, m, clip)[0], "refolded logit");
        }
    }
}
