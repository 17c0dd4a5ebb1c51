package nlvideo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
