package nlvideo.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import nlvideo.model.ModelConfig;
import nlvideo.model.NlI3d;
import nlvideo.model.checkpoint.CheckpointTensor;
import nlvideo.model.checkpoint.TorchCheckpointReader;
import nlvideo.model.io.Npy;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fine-tuning from ImageNet as the paper does (section 4.1; its {@code lib/utils/checkpoints.py}
 * inflates every 2D kernel to t x k x k, divided by t): a tiny 2D ResNet written by real
 * {@code torch.save} (torchvision layout) and as a Caffe2 blobs pickle, inflated into an NL-I3D
 * whose non-local blocks start as identities. On a clip of identical frames, every res5 position
 * whose receptive field stays inside the clip (away from the temporal zero padding) must equal the
 * 2D network's layer4 output on one frame, which {@code make_torch_fixtures.py} computed with torch.
 */
public class ImageNetInflationTest {

    /** The fixture's 2D ResNet (widths 4..128, one bottleneck per stage), inflated as I3D with two non-local blocks. */
    public static final String NETWORK = """
            name: inflation-test
            source: test
            blocks: [1, 1, 1, 1]
            baseWidth: 4
            arch: i3d
            conv1: {kernel: [3, 7, 7], stride: [1, 2, 2], padding: [1, 3, 3]}
            pool1: {kernel: [1, 3, 3], stride: [1, 2, 2], padding: [0, 1, 1]}
            pool2: {kernel: [2, 1, 1], stride: [2, 1, 1]}
            nonLocal:
              positions: [[], [0], [0], []]
              instantiation: embedded-gaussian
              subsample: {kernel: [1, 2, 2]}
            head: {type: global-average, dropout: 0.0}
            numClasses: 10
            input: {frames: 32, stride: 1, shortSide: 64, crop: 64, clips: 1, crops: 1}
            """;

    /**
     * res5 positions 3..12 of 16 see no temporal padding for a 32-frame clip: conv1 (kt 3) and res2's
     * conv a (kt 3) each lose a frame at both ends, pool2 halves time, then res3 and res4 (kt 3) lose
     * one position each; res5's conv a is 1x1x1 here.
     */
    static final int FIRST_CLEAN = 3;

    static final int LAST_CLEAN = 12;

    @TempDir
    Path tmp;

    static Path resource(Path dir, String name) throws Exception {
        Path file = dir.resolve(name);
        try (InputStream in = ImageNetInflationTest.class.getResourceAsStream("/nlvideo/model/checkpoint/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"imagenet_tiny_torchvision.pth", "imagenet_tiny_caffe2.pkl"})
    void inflatedNetworkOnIdenticalFramesIsThe2dNetworkOnOneFrame(String checkpoint) throws Exception {
        Path file = resource(tmp, checkpoint);
        Npy.Array frame = Npy.read(resource(tmp, "imagenet_tiny_frame.npy"));
        Npy.Array layer4 = Npy.read(resource(tmp, "imagenet_tiny_layer4.npy"));
        ModelConfig config = ModelConfig.parse(NETWORK);
        try (Model model = NlI3d.newModel(config, Device.cpu());
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            String report = InitialWeights.apply(net, file, false, 7);
            assertTrue(report.contains("2D kernels inflated along time"), report);
            assertTrue(report.contains("non-local blocks start as identities"), report);

            int frames = config.input().frames();
            NDArray one = m.create(frame.data(), new Shape(1, 3, 1, 64, 64));
            NDArray clip = one.repeat(2, frames);
            float[] res5 =
                    net.features(new ParameterStore(m, false), clip, false).toFloatArray();
            long[] want = layer4.shape(); // (1, 128, 2, 2)
            int channels = (int) want[1];
            int plane = (int) (want[2] * want[3]);
            int steps = res5.length / (channels * plane);
            assertEquals(frames / 2, steps);
            double scale = 0;
            for (float v : layer4.data()) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int t = FIRST_CLEAN; t <= LAST_CLEAN; t++) {
                for (int c = 0; c < channels; c++) {
                    for (int i = 0; i < plane; i++) {
                        assertEquals(
                                layer4.data()[c * plane + i],
                                res5[(c * steps + t) * plane + i],
                                1e-4 * scale,
                                checkpoint + ": res5 channel " + c + " time " + t + " position " + i);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void kernelsAreCopiedAlongTimeAndDividedByItsLength(boolean newClassifier) throws Exception {
        Path file = resource(tmp, "imagenet_tiny_torchvision.pth");
        Map<String, CheckpointTensor> twoD = TorchCheckpointReader.readStateDict(file);
        ModelConfig config = ModelConfig.parse(NETWORK).withNumClasses(newClassifier ? 3 : 10);
        try (Model model = NlI3d.newModel(config, Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            InitialWeights.apply(net, file, newClassifier, 7);
            // the stem: 7x7 kernels over 3 frames, each a third of the 2D one
            float[] stem =
                    net.namedParameters().get("stem.conv.weight").getArray().toFloatArray();
            float[] conv1 = twoD.get("conv1.weight").data();
            for (int oi = 0; oi < 4 * 3; oi++) {
                for (int t = 0; t < 3; t++) {
                    for (int k = 0; k < 49; k++) {
                        assertEquals(conv1[oi * 49 + k] / 3, stem[(oi * 3 + t) * 49 + k], 1e-7f);
                    }
                }
            }
            // a 1x1 kernel inflated to 3x1x1 (res3's conv a); the BN comes over unchanged
            float[] a =
                    net.namedParameters().get("res3.0.a.conv.weight").getArray().toFloatArray();
            float[] a2d = twoD.get("layer2.0.conv1.weight").data();
            for (int i = 0; i < a2d.length; i++) {
                for (int t = 0; t < 3; t++) {
                    assertEquals(a2d[i] / 3, a[i * 3 + t], 1e-7f);
                }
            }
            assertArrayEquals(
                    twoD.get("layer2.0.bn1.running_var").data(),
                    net.namedParameters()
                            .get("res3.0.a.bn.runningVar")
                            .getArray()
                            .toFloatArray(),
                    0f);
            float[] gamma = net.namedParameters()
                    .get("res3.0.nonlocal.bn.gamma")
                    .getArray()
                    .toFloatArray();
            assertArrayEquals(new float[gamma.length], gamma, 0f, "non-local blocks start as identities");
            assertEquals(
                    newClassifier ? 3 : 10,
                    net.namedParameters()
                            .get("head.fc.bias")
                            .getArray()
                            .getShape()
                            .get(0));
        }
    }
}
