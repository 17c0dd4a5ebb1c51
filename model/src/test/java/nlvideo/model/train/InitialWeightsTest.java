package nlvideo.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.Map;
import nlvideo.model.ModelConfig;
import nlvideo.model.ModelPresets;
import nlvideo.model.NlI3d;
import nlvideo.model.SeededWeights;
import nlvideo.model.checkpoint.CheckpointFormatException;
import nlvideo.model.checkpoint.CheckpointTensor;
import nlvideo.model.checkpoint.WeightsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitialWeightsTest {
    static final ModelConfig TINY = ModelPresets.load("tiny-nl-i3d");

    @TempDir
    Path tmp;

    @Test
    void newClassifierKeepsTheBackboneAndSizesTheHeadForTheNewLabels() throws Exception {
        Path init = tmp.resolve("ten.nlw");
        try (Model donor = NlI3d.newModel(TINY, Device.cpu())) {
            NlI3d net = (NlI3d) donor.getBlock();
            SeededWeights.fill(net, 11);
            net.namedParameters()
                    .get("res4.0.nonlocal.bn.runningMean")
                    .getArray()
                    .addi(0.5f); // not a seeded value
            TrainingCheckpoint.writeWeights(init, net);
        }
        Map<String, CheckpointTensor> file = WeightsFile.read(init).tensors();
        try (Model model = NlI3d.newModel(TINY.withNumClasses(3), Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            InitialWeights.apply(net, init, true, 4);
            Map<String, Parameter> params = net.namedParameters();
            assertEquals(3, params.get("head.fc.weight").getArray().getShape().get(0));
            assertEquals(3, params.get("head.fc.bias").getArray().getShape().get(0));
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                if (e.getKey().startsWith("head.fc.")) {
                    continue;
                }
                assertArrayEquals(
                        file.get(e.getKey()).data(), e.getValue().getArray().toFloatArray(), 0f, e.getKey());
            }
            try (Model seeded = NlI3d.newModel(TINY.withNumClasses(3), Device.cpu())) {
                SeededWeights.fill((NlI3d) seeded.getBlock(), 4);
                assertArrayEquals(
                        ((NlI3d) seeded.getBlock())
                                .namedParameters()
                                .get("head.fc.weight")
                                .getArray()
                                .toFloatArray(),
                        params.get("head.fc.weight").getArray().toFloatArray(),
                        0f);
            }
            // without --new-classifier the file's 10-class head does not fit 3 classes
            assertThrows(CheckpointFormatException.class, () -> InitialWeights.apply(net, init, false, 4));
        }
    }
}
