package nlvideo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pins every checkpoint name, its shape and its order (the {@code .nlw} files, checkpoint import
 * and training state all key on them): the expected list is written out here from the table in
 * {@link NlI3d}'s javadoc, independently of how the blocks are built.
 */
class ParameterNamesTest {

    private static final String[] BN = {"gamma", "beta", "runningMean", "runningVar"};

    @ParameterizedTest
    @ValueSource(
            strings = {
                "i3d-nl5-r50-32x2",
                "c2d-r50-8x8",
                "mmaction2-i3d-nl-gaussian-r50-32x2",
                "tiny-nl-i3d",
                "tiny-nl-i3d:dot-product",
                "tiny-nl-i3d:concatenation"
            })
    void everyParameterHasItsDocumentedNameShapeAndPlace(String preset) {
        String[] parts = preset.split(":");
        ModelConfig config = ModelPresets.load(parts[0]);
        if (parts.length > 1) {
            config = ModelConfig.parse(config.toYaml().replace("embedded-gaussian", parts[1]));
        }
        List<String> expected = expectedNames(config);
        List<String> actual = new ArrayList<>();
        try (Model model = NlI3d.newModel(config, Device.cpu())) {
            for (Map.Entry<String, Parameter> e :
                    ((NlI3d) model.getBlock()).namedParameters().entrySet()) {
                actual.add(e.getKey() + " "
                        + Arrays.toString(e.getValue().getShape().getShape()));
            }
        }
        assertEquals(String.join("\n", expected), String.join("\n", actual));
    }

    /** The table of {@link NlI3d}: stem, res2..res5 (bottlenecks and non-local blocks), head. */
    private static List<String> expectedNames(ModelConfig config) {
        NetworkConfig c = config.network();
        List<String> out = new ArrayList<>();
        int base = c.baseWidth();
        List<Integer> k1 = c.conv1().kernel();
        out.add("stem.conv.weight " + shape(base, 3, k1.get(0), k1.get(1), k1.get(2)));
        bn(out, "stem.bn", base);
        long in = base;
        String instantiation = c.nonLocal().instantiation().name();
        for (int s = 0; s < 4; s++) {
            long d = (long) base << s;
            long width = 4 * d;
            for (int b = 0; b < c.blocks().get(s); b++) {
                String p = "res" + (s + 2) + "." + b;
                int kt = c.inflate().get(s).get(b) == 1 ? 3 : 1;
                out.add(p + ".a.conv.weight " + shape(d, in, kt, 1, 1));
                bn(out, p + ".a.bn", d);
                out.add(p + ".b.conv.weight " + shape(d, d, 1, 3, 3));
                bn(out, p + ".b.bn", d);
                out.add(p + ".c.conv.weight " + shape(width, d, 1, 1, 1));
                bn(out, p + ".c.bn", width);
                if (b == 0) {
                    out.add(p + ".shortcut.conv.weight " + shape(width, in, 1, 1, 1));
                    bn(out, p + ".shortcut.bn", width);
                }
                in = width;
                if (c.nonLocal().positions().get(s).contains(b)) {
                    String n = p + ".nonlocal";
                    long inner = width / c.nonLocal().reduction();
                    if (instantiation.equals("CONCATENATION")) {
                        out.add(n + ".concat.weight " + shape(1, 2 * inner, 1, 1));
                    }
                    List<String> embeddings =
                            instantiation.equals("GAUSSIAN") ? List.of("g") : List.of("theta", "phi", "g");
                    for (String e : embeddings) {
                        out.add(n + "." + e + ".weight " + shape(inner, width, 1, 1, 1));
                        out.add(n + "." + e + ".bias " + shape(inner));
                    }
                    out.add(n + ".out.weight " + shape(width, inner, 1, 1, 1));
                    if (c.nonLocal().outBias()) {
                        out.add(n + ".out.bias " + shape(width));
                    }
                    bn(out, n + ".bn", width);
                }
            }
        }
        out.add("head.fc.weight " + shape(c.numClasses(), in));
        out.add("head.fc.bias " + shape(c.numClasses()));
        return out;
    }

    private static void bn(List<String> out, String prefix, long channels) {
        for (String p : BN) {
            out.add(prefix + "." + p + " " + shape(channels));
        }
    }

    private static String shape(long... dims) {
        return Arrays.toString(dims);
    }
}
