package nlvideo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelConfigTest {

    @Test
    void defaultInflationIsThePaperCodesPattern() {
        ModelConfig r50 = ModelConfig.parse("arch: i3d\ndepth: 50\n");
        assertEquals(
                List.of(List.of(1, 1, 1), List.of(1, 0, 1, 0), List.of(1, 0, 1, 0, 1, 0), List.of(0, 1, 0)),
                r50.network().inflate());
        ModelConfig r101 = ModelConfig.parse("arch: i3d\ndepth: 101\n");
        assertEquals(23, r101.network().inflate().get(2).size());
        assertEquals(
                12,
                r101.network().inflate().get(2).stream()
                        .mapToInt(Integer::intValue)
                        .sum());
        ModelConfig c2d = ModelConfig.parse("arch: c2d\n");
        assertTrue(c2d.network().inflate().stream().flatMap(List::stream).allMatch(v -> v == 0));
        assertEquals(List.of(1, 7, 7), c2d.network().conv1().kernel());
    }

    @Test
    void presetsRoundTripThroughYaml() {
        for (String name : ModelPresets.names()) {
            ModelConfig c = ModelPresets.load(name);
            assertEquals(c, ModelConfig.parse(c.toYaml()), name);
        }
    }

    @Test
    void nl5PresetsPlaceBlocksOnEveryOtherBlockOfRes3AndRes4() {
        ModelConfig c = ModelPresets.load("i3d-nl5-r50-32x2");
        assertEquals(5, c.network().nonLocalCount());
        assertTrue(c.network().nonLocalAfter(1, 1)
                && c.network().nonLocalAfter(1, 3)
                && c.network().nonLocalAfter(2, 5));
        assertEquals(5, ModelPresets.load("i3d-nl5-r101-32x2").network().nonLocalCount());
        assertEquals(10, ModelPresets.load("c2d-nl10-r50-32x2").network().nonLocalCount());
        assertEquals(1, ModelPresets.load("c2d-nl1-r50-32x2").network().nonLocalCount());
    }

    /**
     * Only the embedded Gaussian is scaled by 1/sqrt(d) unless a preset says otherwise: the paper's
     * code (NONLOCAL.USE_SCALE) and PySlowFast scale that one, and no reference scales the Gaussian
     * (mmcv NonLocal3d.gaussian never does).
     */
    @Test
    void onlyTheEmbeddedGaussianIsScaledByDefault() throws Exception {
        for (String inst : new String[] {"embedded-gaussian", "gaussian", "dot-product", "concatenation"}) {
            NonLocalConfig nl = ModelConfig.parse("nonLocal:\n  instantiation: " + inst + "\n")
                    .network()
                    .nonLocal();
            assertEquals(inst.equals("embedded-gaussian"), nl.scale(), inst);
        }
        assertTrue(ModelConfig.parse("nonLocal:\n  instantiation: gaussian\n  scale: true\n")
                .network()
                .nonLocal()
                .scale());
        // the demo preset file with the Gaussian, as scripts/ablation.sh edits it, is not scaled
        String demo = new String(
                ModelPresets.class
                        .getResourceAsStream("/nlvideo/models/demo-nl-i3d.yaml")
                        .readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(ModelConfig.parse(demo).network().nonLocal().scale());
        assertFalse(ModelConfig.parse(demo.replace("instantiation: embedded-gaussian", "instantiation: gaussian"))
                .network()
                .nonLocal()
                .scale());
    }

    @Test
    void badConfigsGetClearErrors() {
        assertTrue(assertThrows(ModelConfigException.class, () -> ModelConfig.parse("depth: 34\n"))
                .getMessage()
                .contains("depth must be 50 or 101"));
        assertTrue(assertThrows(ModelConfigException.class, () -> ModelConfig.parse("depht: 50\n"))
                .getMessage()
                .contains("depht"));
        assertTrue(assertThrows(
                        ModelConfigException.class,
                        () -> ModelConfig.parse("nonLocal:\n  positions: [[], [7], [], []]\n"))
                .getMessage()
                .contains("res3"));
        assertTrue(assertThrows(
                        ModelConfigException.class, () -> ModelConfig.parse("nonLocal:\n  instantiation: cosine\n"))
                .getMessage()
                .contains("embedded-gaussian"));
        assertTrue(assertThrows(ModelConfigException.class, () -> ModelPresets.load("no-such-model"))
                .getMessage()
                .contains("tiny-nl-i3d"));
    }
}
