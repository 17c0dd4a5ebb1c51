package nlvideo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class NlI3dTest {

    private static NDList forward(NlI3d net, NDManager m, NDArray clip) {
        return net.forward(new ParameterStore(m, false), new NDList(clip), false);
    }

    @Test
    void tinyPresetGivesLogitsThatAreTheFcOfPool5() {
        ModelConfig config = ModelPresets.load("tiny-nl-i3d");
        try (Model model = NlI3d.newModel(config, Device.cpu());
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            assertFalse(net.outputsProbabilities());
            NDList out = forward(net, m, m.randomNormal(new Shape(config.inputShape(2))));
            assertEquals(new Shape(2, 10), out.get(0).getShape());
            assertEquals(new Shape(2, 256), out.get(1).getShape());
            float[] logits = out.get(0).toFloatArray();
            float[] pool5 = out.get(1).toFloatArray();
            float[] w = net.namedParameters().get("head.fc.weight").getArray().toFloatArray();
            float[] b = net.namedParameters().get("head.fc.bias").getArray().toFloatArray();
            for (int n = 0; n < 2; n++) {
                for (int k = 0; k < 10; k++) {
                    double s = b[k];
                    for (int c = 0; c < 256; c++) {
                        s += w[k * 256 + c] * pool5[n * 256 + c];
                    }
                    assertEquals(s, logits[n * 10 + k], 1e-4 * Math.max(1, Math.abs(s)));
                }
            }
        }
    }

    @Test
    void fullyConvolutionalHeadAveragesPerPositionProbabilities() {
        ModelConfig tiny = ModelPresets.load("tiny-nl-i3d");
        ModelConfig config = tiny.withHead(new HeadConfig(HeadConfig.Type.FULLY_CONVOLUTIONAL, 0.5, List.of(2, 1, 1)));
        try (Model model = NlI3d.newModel(config, Device.cpu());
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            assertTrue(net.outputsProbabilities());
            float[] p = forward(net, m, m.randomNormal(new Shape(config.inputShape(1))))
                    .get(0)
                    .toFloatArray();
            double sum = 0;
            for (float v : p) {
                assertTrue(v >= 0 && v <= 1);
                sum += v;
            }
            assertEquals(1.0, sum, 1e-5);
        }
    }

    @Test
    void realPresetRunsOnASmallClip() {
        ModelConfig config = ModelPresets.load("i3d-nl5-r50-8x8");
        try (Model model = NlI3d.newModel(config, Device.cpu());
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            NDList out = forward(net, m, m.randomNormal(new Shape(1, 3, 8, 64, 64)));
            assertEquals(new Shape(1, 400), out.get(0).getShape());
            assertEquals(new Shape(1, 2048), out.get(1).getShape());
            assertEquals(1.0, out.get(0).sum().getFloat(), 1e-4); // fully-convolutional head: probabilities
        }
    }

    @Test
    void wrongInputShapeIsATypedError() {
        ModelConfig config = ModelPresets.load("tiny-nl-i3d");
        try (Model model = NlI3d.newModel(config, Device.cpu());
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> forward(net, m, m.zeros(new Shape(1, 8, 64, 64))));
            assertTrue(e.getMessage().contains("(N, 3, T, H, W)"));
        }
    }
}
