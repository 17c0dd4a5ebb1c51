package nlvideo.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nlvideo.model.ModelConfig;
import nlvideo.model.NlI3d;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Import end to end: checkpoints written here in each source's layout and container, imported into
 * the DJL network, whose logits must match the independent {@link ReferenceNlI3d} fed with the
 * same tensors; then the project's own file must reproduce the network exactly.
 */
class CheckpointImportTest {

    @TempDir
    Path dir;

    // Tiny network: widths 4/8/16/32 (outputs 16..128), res3 with two blocks (identity shortcut
    // in its second), non-local blocks after res3.1 and res4.0, 4x32x32 clips, 5 classes.
    private static final int[] BLOCKS = {1, 2, 1, 1};
    private static final int[][] INFLATE = {{1}, {1, 0}, {1}, {0}};
    private static final int[][] NON_LOCAL = {{}, {1}, {0}, {}};
    private static final int BASE = 4;
    private static final int CLASSES = 5;
    private static final double EPS = 1e-5;

    enum Source {
        CAFFE2,
        PYSLOWFAST,
        MMACTION2
    }

    private static ReferenceNlI3d.Spec spec(Source source, boolean dotProduct) {
        boolean mm = source == Source.MMACTION2;
        int[] pool1Pad = source == Source.CAFFE2 ? new int[] {0, 0, 0} : new int[] {0, 1, 1};
        return new ReferenceNlI3d.Spec(
                BLOCKS,
                BASE,
                INFLATE,
                NON_LOCAL,
                new int[] {3, 7, 7},
                new int[] {1, 2, 2},
                new int[] {1, 3, 3},
                new int[] {1, 3, 3},
                new int[] {1, 2, 2},
                pool1Pad,
                new int[] {2, 1, 1},
                dotProduct,
                !mm,
                mm,
                !mm,
                EPS);
    }

    private static ModelConfig config(ReferenceNlI3d.Spec s) {
        return config(s, "[[], [1], [0], []]");
    }

    private static ModelConfig config(ReferenceNlI3d.Spec s, String nonLocalPositions) {
        String yaml = String.join(
                "\n",
                "name: import-test",
                "blocks: [1, 2, 1, 1]",
                "baseWidth: " + BASE,
                "arch: i3d",
                "inflate: [[1], [1, 0], [1], [0]]",
                "conv1: {kernel: [3, 7, 7], stride: [1, 2, 2], padding: [1, 3, 3]}",
                "pool1: {kernel: [1, 3, 3], stride: [1, 2, 2], padding: "
                        + List.of(s.pool1Pad()[0], s.pool1Pad()[1], s.pool1Pad()[2]) + "}",
                "pool2: {kernel: [2, 1, 1], stride: [2, 1, 1]}",
                "bnEpsilon: " + EPS,
                "nonLocal:",
                "  positions: " + nonLocalPositions,
                "  instantiation: " + (s.dotProduct() ? "dot-product" : "embedded-gaussian"),
                "  scale: " + s.scale(),
                "  subsample: {kernel: [1, 2, 2], order: " + (s.poolAfterConv() ? "conv-first" : "pool-first") + "}",
                "  outBias: " + s.outBias(),
                "  bnEpsilon: " + EPS,
                "head: {type: global-average, dropout: 0.5}",
                "numClasses: " + CLASSES,
                "input: {frames: 4, crop: 32}");
        return ModelConfig.parse(yaml);
    }

    /** Random weights under Caffe2 blob names, for the architecture of {@code spec}. */
    static Map<String, CheckpointTensor> caffe2Blobs(ReferenceNlI3d.Spec spec, Random rnd) {
        Map<String, CheckpointTensor> b = new LinkedHashMap<>();
        conv(b, rnd, "conv1_w", BASE, 3, spec.conv1Kernel());
        bn(b, rnd, "res_conv1_bn", BASE);
        int in = BASE;
        for (int s = 0; s < 4; s++) {
            int inner = BASE << s;
            int out = 4 * inner;
            for (int k = 0; k < spec.blocks()[s]; k++) {
                String p = "res" + (s + 2) + "_" + k;
                conv(b, rnd, p + "_branch2a_w", inner, in, new int[] {spec.inflate()[s][k] == 1 ? 3 : 1, 1, 1});
                bn(b, rnd, p + "_branch2a_bn", inner);
                conv(b, rnd, p + "_branch2b_w", inner, inner, new int[] {1, 3, 3});
                bn(b, rnd, p + "_branch2b_bn", inner);
                conv(b, rnd, p + "_branch2c_w", out, inner, new int[] {1, 1, 1});
                bn(b, rnd, p + "_branch2c_bn", out);
                if (k == 0) {
                    conv(b, rnd, p + "_branch1_w", out, in, new int[] {1, 1, 1});
                    bn(b, rnd, p + "_branch1_bn", out);
                }
                in = out;
                for (int nl : spec.nonLocalAfter()[s]) {
                    if (nl == k) {
                        String n = "nonlocal_conv" + (s + 2) + "_" + k;
                        for (String part : List.of("theta", "phi", "g")) {
                            conv(b, rnd, n + "_" + part + "_w", out / 2, out, new int[] {1, 1, 1});
                            vector(b, rnd, n + "_" + part + "_b", out / 2, 0.1, 0);
                        }
                        conv(b, rnd, n + "_out_w", out, out / 2, new int[] {1, 1, 1});
                        if (spec.outBias()) {
                            vector(b, rnd, n + "_out_b", out, 0.1, 0);
                        }
                        bn(b, rnd, n + "_bn", out);
                    }
                }
            }
        }
        b.put("pred_w", gaussian(rnd, 0.1, CLASSES, in));
        vector(b, rnd, "pred_b", CLASSES, 0.1, 0);
        return b;
    }

    private static CheckpointTensor gaussian(Random rnd, double std, long... shape) {
        float[] d = new float[(int) CheckpointTensor.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (rnd.nextGaussian() * std);
        }
        return new CheckpointTensor(shape, d, "float32");
    }

    private static void conv(Map<String, CheckpointTensor> b, Random rnd, String name, int out, int in, int[] k) {
        b.put(name, gaussian(rnd, Math.sqrt(2.0 / (in * k[0] * k[1] * k[2])), out, in, k[0], k[1], k[2]));
    }

    private static void vector(
            Map<String, CheckpointTensor> b, Random rnd, String name, int n, double std, double mean) {
        CheckpointTensor t = gaussian(rnd, std, n);
        for (int i = 0; i < n; i++) {
            t.data()[i] += (float) mean;
        }
        b.put(name, t);
    }

    private static void bn(Map<String, CheckpointTensor> b, Random rnd, String p, int n) {
        vector(b, rnd, p + "_s", n, 0.2, 1.0);
        vector(b, rnd, p + "_b", n, 0.1, 0);
        vector(b, rnd, p + "_rm", n, 0.1, 0);
        float[] var = new float[n];
        for (int i = 0; i < n; i++) {
            var[i] = 0.5f + rnd.nextFloat();
        }
        b.put(p + "_riv", new CheckpointTensor(new long[] {n}, var, "float32"));
    }

    // ---- each source's naming, written here from the sources' code (not from SourceLayout)

    private static final Map<String, String> TORCH_BN =
            Map.of("s", "weight", "b", "bias", "rm", "running_mean", "riv", "running_var");

    static String pySlowFastName(String c2) {
        Matcher m;
        if (c2.equals("conv1_w")) {
            return "s1.pathway0_stem.conv.weight";
        }
        if ((m = Pattern.compile("res_conv1_bn_(\\w+)").matcher(c2)).matches()) {
            return "s1.pathway0_stem.bn." + TORCH_BN.get(m.group(1));
        }
        if ((m = Pattern.compile("res(\\d)_(\\d+)_branch2([abc])_w").matcher(c2)).matches()) {
            return "s" + m.group(1) + ".pathway0_res" + m.group(2) + ".branch2." + m.group(3) + ".weight";
        }
        if ((m = Pattern.compile("res(\\d)_(\\d+)_branch2([abc])_bn_(\\w+)").matcher(c2)).matches()) {
            return "s" + m.group(1) + ".pathway0_res" + m.group(2) + ".branch2." + m.group(3) + "_bn."
                    + TORCH_BN.get(m.group(4));
        }
        if ((m = Pattern.compile("res(\\d)_(\\d+)_branch1_w").matcher(c2)).matches()) {
            return "s" + m.group(1) + ".pathway0_res" + m.group(2) + ".branch1.weight";
        }
        if ((m = Pattern.compile("res(\\d)_(\\d+)_branch1_bn_(\\w+)").matcher(c2)).matches()) {
            return "s" + m.group(1) + ".pathway0_res" + m.group(2) + ".branch1_bn." + TORCH_BN.get(m.group(3));
        }
        if ((m = Pattern.compile("nonlocal_conv(\\d)_(\\d+)_(theta|phi|g|out)_([wb])")
                        .matcher(c2))
                .matches()) {
            return "s" + m.group(1) + ".pathway0_nonlocal" + m.group(2) + ".conv_" + m.group(3)
                    + (m.group(4).equals("w") ? ".weight" : ".bias");
        }
        if ((m = Pattern.compile("nonlocal_conv(\\d)_(\\d+)_bn_(\\w+)").matcher(c2)).matches()) {
            return "s" + m.group(1) + ".pathway0_nonlocal" + m.group(2) + ".bn." + TORCH_BN.get(m.group(3));
        }
        return c2.equals("pred_w") ? "head.projection.weight" : "head.projection.bias";
    }

    static String mmaction2Name(String c2) {
        Matcher m;
        if (c2.equals("conv1_w")) {
            return "backbone.conv1.conv.weight";
        }
        if ((m = Pattern.compile("res_conv1_bn_(\\w+)").matcher(c2)).matches()) {
            return "backbone.conv1.bn." + TORCH_BN.get(m.group(1));
        }
        if ((m = Pattern.compile("res(\\d)_(\\d+)_branch(2[abc]|1)_(w|bn_(\\w+))")
                        .matcher(c2))
                .matches()) {
            String layer = "backbone.layer" + (Integer.parseInt(m.group(1)) - 1) + "." + m.group(2) + ".";
            String unit = switch (m.group(3)) {
                case "2a" -> "conv1";
                case "2b" -> "conv2";
                case "2c" -> "conv3";
                default -> "downsample";
            };
            return layer + unit + (m.group(4).equals("w") ? ".conv.weight" : ".bn." + TORCH_BN.get(m.group(5)));
        }
        if ((m = Pattern.compile("nonlocal_conv(\\d)_(\\d+)_(\\w+)").matcher(c2)).matches()) {
            String nl = "backbone.layer" + (Integer.parseInt(m.group(1)) - 1) + "." + m.group(2) + ".non_local_block.";
            String rest = m.group(3);
            String param = rest.endsWith("_w") ? "weight" : "bias";
            if (rest.startsWith("bn_")) {
                return nl + "conv_out.bn." + TORCH_BN.get(rest.substring(3));
            }
            if (rest.startsWith("theta_")) {
                return nl + "theta.conv." + param;
            }
            if (rest.startsWith("phi_") || rest.startsWith("g_")) { // sub_sample: Sequential(conv, pool)
                return nl + rest.substring(0, rest.indexOf('_')) + ".0.conv." + param;
            }
            return nl + "conv_out.conv." + param;
        }
        return c2.equals("pred_w") ? "cls_head.fc_cls.weight" : "cls_head.fc_cls.bias";
    }

    /** Writes the blobs as {@code source} publishes them; returns the file. */
    private Path writeCheckpoint(Source source, String container, Map<String, CheckpointTensor> blobs)
            throws Exception {
        Path file = dir.resolve(source + "-" + container + ".ckpt");
        if (source == Source.CAFFE2) {
            Map<String, CheckpointTensor> withExtras = new LinkedHashMap<>(blobs);
            withExtras.put("conv1_w_momentum", blobs.get("conv1_w")); // training leftovers
            withExtras.put("lr", new CheckpointTensor(new long[] {1}, new float[] {0.01f}, "float32"));
            CheckpointFiles.writeCaffe2(file, withExtras, CheckpointFiles.Caffe2Style.valueOf(container));
            return file;
        }
        boolean legacy = container.equals("legacy");
        CheckpointFiles.TorchStorages st = new CheckpointFiles.TorchStorages(legacy);
        Map<String, Object> state = new LinkedHashMap<>();
        for (Map.Entry<String, CheckpointTensor> e : blobs.entrySet()) {
            String name = source == Source.PYSLOWFAST ? pySlowFastName(e.getKey()) : mmaction2Name(e.getKey());
            state.put(name, st.tensor(e.getValue()));
            if (name.endsWith("running_var")) {
                state.put(name.replace("running_var", "num_batches_tracked"), st.longScalar(100));
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        if (source == Source.PYSLOWFAST) {
            root.put("epoch", 196L);
            root.put("model_state", CheckpointFiles.orderedDict(state));
        } else {
            root.put("meta", Map.of("epoch", 100L));
            root.put("state_dict", CheckpointFiles.orderedDict(state));
        }
        if (legacy) {
            CheckpointFiles.writeTorchLegacy(file, root, st);
        } else {
            CheckpointFiles.writeTorchZip(file, root, st);
        }
        return file;
    }

    private static float[] djlLogits(NlI3d net, float[] clip, long[] shape) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.create(clip, new Shape(shape));
            NDList out = net.forward(new ParameterStore(m, false), new NDList(x), false);
            return out.get(0).toFloatArray();
        }
    }

    @ParameterizedTest(name = "{0} {1} dotProduct={2}")
    @CsvSource({
        "CAFFE2, PY2, false",
        "CAFFE2, NUMPY2, false",
        "PYSLOWFAST, zip, false",
        "PYSLOWFAST, legacy, false",
        "MMACTION2, zip, false",
        "MMACTION2, legacy, true",
    })
    void importedNetworkMatchesTheReferenceForward(Source source, String container, boolean dotProduct)
            throws Exception {
        ReferenceNlI3d.Spec spec = spec(source, dotProduct);
        ModelConfig config = config(spec);
        Random rnd = new Random(source.ordinal() * 10 + (dotProduct ? 1 : 0));
        Map<String, CheckpointTensor> blobs = caffe2Blobs(spec, rnd);
        Path ckpt = writeCheckpoint(source, container, blobs);

        long[] shape = {1, 3, 4, 32, 32};
        float[] clip = gaussian(rnd, 1.0, shape).data();
        float[] expected = new ReferenceNlI3d(spec, blobs).logits(new ReferenceNlI3d.Map4(clip, 3, 4, 32, 32));

        float[] imported;
        try (Model model = NlI3d.newModel(config, Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            CheckpointImport.Result result = WeightConverter.importInto(ckpt, net);
            assertEquals(source.name(), result.layout().name());
            assertEquals(net.namedParameters().keySet(), result.weights().keySet());
            if (source == Source.CAFFE2) {
                assertEquals(List.of("conv1_w_momentum", "lr"), result.ignored());
            } else {
                assertTrue(!result.ignored().isEmpty()
                        && result.ignored().stream().allMatch(n -> n.endsWith("num_batches_tracked")));
            }
            imported = djlLogits(net, clip, shape);
        }
        // float32 network vs double-accumulating reference: agreement to ~1e-4 of the logit scale.
        double scale = 1;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertEquals(CLASSES, imported.length);
        for (int k = 0; k < CLASSES; k++) {
            assertEquals(expected[k], imported[k], 1e-4 * scale, "logit " + k + " of " + source);
        }

        // The project's own format reproduces the imported network exactly.
        Path own = dir.resolve("own.nlw");
        CheckpointImport.Result converted = WeightConverter.convert(ckpt, config, own);
        assertEquals(source.name(), converted.layout().name());
        try (Model model = NlI3d.newModel(config, Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            WeightConverter.load(own, net);
            assertArrayEquals(imported, djlLogits(net, clip, shape));
        }
    }

    @Test
    void wrongPresetFailsListingEveryMismatch() throws Exception {
        ReferenceNlI3d.Spec spec = spec(Source.CAFFE2, false);
        Map<String, CheckpointTensor> blobs = caffe2Blobs(spec, new Random(5));
        blobs.remove("nonlocal_conv3_1_g_b");
        blobs.put("pred_w", gaussian(new Random(6), 0.1, CLASSES + 1, 8 * BASE * 4));
        Path ckpt = writeCheckpoint(Source.CAFFE2, "PY3_CODECS", blobs);
        ModelConfig config = config(spec);
        try (Model model = NlI3d.newModel(config, Device.cpu())) {
            CheckpointFormatException e = assertThrows(
                    CheckpointFormatException.class, () -> WeightConverter.importInto(ckpt, (NlI3d) model.getBlock()));
            assertTrue(e.getMessage().contains("missing: res3.1.nonlocal.g.bias [16]"), e.getMessage());
            assertTrue(
                    e.getMessage().contains("shape: pred_w [6, 128] -> head.fc.weight needs [5, 128]"), e.getMessage());
        }
        // A checkpoint with non-local blocks for a network without them: names are reported as unexpected.
        ModelConfig plain = config(spec, "[[], [], [], []]");
        assertEquals(0, plain.network().nonLocalCount());
        Map<String, CheckpointTensor> full = caffe2Blobs(spec, new Random(5));
        Path ck = writeCheckpoint(Source.CAFFE2, "PY2", full);
        try (Model model = NlI3d.newModel(plain, Device.cpu())) {
            CheckpointFormatException e = assertThrows(
                    CheckpointFormatException.class, () -> WeightConverter.importInto(ck, (NlI3d) model.getBlock()));
            assertTrue(e.getMessage().contains("unexpected: nonlocal_conv4_0_theta_w"), e.getMessage());
        }
    }

    @Test
    void ownFileForAnotherNetworkIsRejected() throws Exception {
        ReferenceNlI3d.Spec spec = spec(Source.PYSLOWFAST, false);
        Map<String, CheckpointTensor> weights = new LinkedHashMap<>();
        weights.put("stem.conv.weight", gaussian(new Random(1), 1, BASE, 3, 1, 7, 7));
        Path own = dir.resolve("other.nlw");
        WeightsFile.write(own, "other-preset", weights);
        try (Model model = NlI3d.newModel(config(spec), Device.cpu())) {
            CheckpointFormatException e = assertThrows(
                    CheckpointFormatException.class, () -> WeightConverter.load(own, (NlI3d) model.getBlock()));
            assertTrue(
                    e.getMessage()
                            .contains("shape: stem.conv.weight is [4, 3, 1, 7, 7], network needs [4, 3, 3, 7, 7]"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("missing: head.fc.bias"), e.getMessage());
        }
    }
}
