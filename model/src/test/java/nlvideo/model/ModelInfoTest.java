package nlvideo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelInfoTest {

    /** Learnable parameters of the built DJL network (BN running statistics are buffers). */
    static long djlLearnable(NlI3d net) {
        long n = 0;
        for (Parameter p : net.namedParameters().values()) {
            if (!p.getName().startsWith("running")) {
                n += p.getShape().size();
            }
        }
        return n;
    }

    @Test
    void everyPresetBuildsAndItsParameterCountMatchesTheBuiltNetwork() {
        List<String> names = ModelPresets.names();
        for (String required : List.of(
                "c2d-r50-32x2",
                "c2d-nl5-r50-32x2",
                "i3d-r50-32x2",
                "i3d-nl5-r50-32x2",
                "c2d-r50-8x8",
                "c2d-nl5-r50-8x8",
                "i3d-r50-8x8",
                "i3d-nl5-r50-8x8",
                "i3d-r101-32x2",
                "i3d-nl5-r101-32x2",
                "pyslowfast-i3d-nln-8x8-r50",
                "mmaction2-i3d-nl-embedded-gaussian-r50-32x2",
                "mmaction2-i3d-nl-dot-product-r50-32x2",
                "mmaction2-i3d-nl-gaussian-r50-32x2",
                "tiny-nl-i3d")) {
            assertEquals(true, names.contains(required), "missing preset " + required);
        }
        for (String name : names) {
            ModelConfig config = ModelPresets.load(name);
            assertEquals(name, config.name(), "preset file name and name field differ");
            try (Model model = NlI3d.newModel(config, Device.cpu())) {
                NlI3d net = (NlI3d) model.getBlock();
                assertEquals(ModelInfo.of(config).parameters(), djlLearnable(net), name);
            }
        }
    }

    @Test
    void parameterCountsMatchMmaction2Figures() {
        // mmaction2's model zoo: I3D R50 28.0M, NL I3D R50 (embedded Gaussian / dot product) 35.4M.
        long i3d = ModelInfo.of(ModelPresets.load("i3d-r50-32x2")).parameters();
        assertEquals(28.0, i3d / 1e6, 0.05);
        long nl = ModelInfo.of(ModelPresets.load("mmaction2-i3d-nl-embedded-gaussian-r50-32x2"))
                .parameters();
        assertEquals(35.4, nl / 1e6, 0.05);
        assertEquals(
                nl,
                ModelInfo.of(ModelPresets.load("mmaction2-i3d-nl-dot-product-r50-32x2"))
                        .parameters());
        // The Caffe2 NL block adds a bias to W_z: 512 per res3 block, 1024 per res4 block.
        long caffe2 = ModelInfo.of(ModelPresets.load("i3d-nl5-r50-32x2")).parameters();
        assertEquals(nl + 2 * 512 + 3 * 1024, caffe2);
    }

    @Test
    void firstMaxPoolPaddingFollowsTheSource() {
        // Caffe2 pads 0 (55x55 at 224), PySlowFast pads 1 (56x56); both reach 7x7 in res5.
        ModelInfo caffe2 = ModelInfo.of(ModelPresets.load("i3d-nl5-r50-8x8"), 8, 224);
        ModelInfo pysf = ModelInfo.of(ModelPresets.load("pyslowfast-i3d-nln-8x8-r50"), 8, 224);
        assertArrayEquals(new long[] {64, 8, 55, 55}, caffe2.rows().get(0).shape());
        assertArrayEquals(new long[] {64, 8, 56, 56}, pysf.rows().get(0).shape());
        assertArrayEquals(new long[] {2048, 4, 7, 7}, caffe2.rows().get(5).shape());
        ModelInfo t32 = ModelInfo.of(ModelPresets.load("i3d-nl5-r50-32x2"), 32, 224);
        assertArrayEquals(new long[] {64, 8, 55, 55}, t32.rows().get(0).shape());
        assertArrayEquals(new long[] {2048, 4, 7, 7}, t32.rows().get(5).shape());
    }

    @Test
    void shapesAgreeWithTheBuiltNetworkAndFlopsWithHandCount() {
        ModelConfig config = ModelPresets.load("tiny-nl-i3d");
        ModelInfo info = ModelInfo.of(config);
        try (Model model = NlI3d.newModel(config, Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            Shape[] out = net.getOutputShapes(new Shape[] {new Shape(config.inputShape(1))});
            long[] res5 = info.rows().get(5).shape();
            assertEquals(new Shape(1, res5[0]), out[1]);
        }
        // stem conv by hand: output 8 x 8 x 32 x 32, each output = 3*3*7*7 multiply-adds
        long stemConv = 8L * 8 * 32 * 32 * (3 * 3 * 7 * 7);
        assertEquals(stemConv, info.rows().get(0).flops());
        // head: 256 -> 10 classes
        assertEquals(256L * 10, info.rows().get(6).flops());
        assertEquals(256L * 10 + 10, info.rows().get(6).parameters());
    }
}
