package nlvideo.jobs.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.Device;
import ai.djl.Model;
import java.util.Map;
import nlvideo.model.ModelConfig;
import nlvideo.model.ModelPresets;
import nlvideo.model.NlI3d;
import nlvideo.model.SeededWeights;
import org.junit.jupiter.api.Test;

/**
 * A network the driver offers (its check of {@code --weights}, Spark {@code local}) is the one the
 * executor code of the same JVM loads, once; a load without an offer builds its own.
 */
class ExecutorModelsTest {

    @Test
    void anOfferedNetworkIsTakenOnce() {
        ModelConfig config = ModelPresets.load("tiny-nl-i3d");
        // a spec with a weights file that does not exist: only the offered network can satisfy it
        ModelSpec spec = ModelSpec.of(config, "/nonexistent/offered.nlw", 0);
        Model offered = NlI3d.newModel(config, Device.cpu());
        SeededWeights.fill((NlI3d) offered.getBlock(), 123);
        float[] weights = ((NlI3d) offered.getBlock())
                .namedParameters()
                .get("res2.0.a.conv.weight")
                .getArray()
                .toFloatArray();
        ExecutorModels.offer(spec, offered);

        ExecutorModels.Loaded first = ExecutorModels.load(spec, Device.cpu(), 1);
        try {
            assertSame(offered, first.inference().model(), "the offered network");
            assertEquals(0.0, first.weightSeconds(), 0.01, "no weights read");
            Map<String, ai.djl.nn.Parameter> params =
                    ((NlI3d) first.inference().model().getBlock()).namedParameters();
            assertArrayEquals(
                    weights, params.get("res2.0.a.conv.weight").getArray().toFloatArray(), 0f);
        } finally {
            first.inference().close();
            first.inference().model().close();
        }

        // taken once: a second load reads the spec's weights file, which does not exist
        ModelSpec seeded = ModelSpec.of(config, null, 5);
        ExecutorModels.Loaded own = ExecutorModels.load(seeded, Device.cpu(), 1);
        try {
            assertNotSame(offered, own.inference().model());
        } finally {
            own.inference().close();
            own.inference().model().close();
        }
        org.junit.jupiter.api.Assertions.assertThrows(
                java.io.UncheckedIOException.class, () -> ExecutorModels.load(spec, Device.cpu(), 1));
    }
}
