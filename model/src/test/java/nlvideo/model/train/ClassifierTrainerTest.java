package nlvideo.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import java.util.Arrays;
import java.util.SplittableRandom;
import nlvideo.model.ModelConfig;
import nlvideo.model.ModelPresets;
import nlvideo.model.NlI3d;
import nlvideo.model.SeededWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Training steps of the tiny network: BN in training mode, loss going down, inference repeatable. */
class ClassifierTrainerTest {

    static final ModelConfig TINY = ModelPresets.load("tiny-nl-i3d").withNumClasses(2);

    /** Bright clips are class 1, dark ones class 0; pixel noise so no two clips are equal. */
    static ClipBatch brightOrDark(int n, long seed, ModelConfig config) {
        long[] shape = config.inputShape(n);
        int per = (int) (shape[1] * shape[2] * shape[3] * shape[4]);
        float[] data = new float[n * per];
        int[] labels = new int[n];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            float level = labels[i] == 1 ? 0.8f : -0.8f;
            for (int j = 0; j < per; j++) {
                data[i * per + j] = level + (float) (random.nextDouble() - 0.5);
            }
        }
        return new ClipBatch(data, shape, labels);
    }

    @Test
    void trainingStepUpdatesRunningStatisticsAndInferenceIsRepeatable() {
        try (Model model = NlI3d.newModel(TINY, Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            SeededWeights.fill(net, 1);
            float[] meanBefore =
                    net.namedParameters().get("stem.bn.runningMean").getArray().toFloatArray();
            float[] nlVarBefore = net.namedParameters()
                    .get("res3.0.nonlocal.bn.runningVar")
                    .getArray()
                    .toFloatArray();
            ClipBatch batch = brightOrDark(4, 7, TINY);
            try (ClassifierTrainer trainer = new ClassifierTrainer(net, model.getNDManager(), 0.9, 1e-4)) {
                float[][] first = trainer.logits(batch);
                assertArrayEquals(flat(first), flat(trainer.logits(batch)), 0f);
                trainer.train(batch, 0.01);
                float[] meanAfter = net.namedParameters()
                        .get("stem.bn.runningMean")
                        .getArray()
                        .toFloatArray();
                float[] nlVarAfter = net.namedParameters()
                        .get("res3.0.nonlocal.bn.runningVar")
                        .getArray()
                        .toFloatArray();
                assertFalse(Arrays.equals(meanBefore, meanAfter), "stem BN running mean unchanged by a training step");
                assertFalse(
                        Arrays.equals(nlVarBefore, nlVarAfter),
                        "non-local BN running var unchanged by a training step");
                float[][] after = trainer.logits(batch);
                assertArrayEquals(flat(after), flat(trainer.logits(batch)), 0f);
                assertFalse(Arrays.equals(flat(first), flat(after)));
            }
        }
    }

    /** Every instantiation trains: autograd finds the tensors it saved unmodified (no in-place ops on them). */
    @ParameterizedTest
    @ValueSource(strings = {"embedded-gaussian", "dot-product", "gaussian", "concatenation"})
    void everyNonLocalInstantiationTakesATrainingStep(String instantiation) {
        ModelConfig config = ModelConfig.parse(TINY.toYaml().replace("embedded-gaussian", instantiation));
        assertTrue(config.toYaml().contains(instantiation), config.toYaml());
        try (Model model = NlI3d.newModel(config, Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            SeededWeights.fill(net, 2);
            // the block starts as an identity (BN scale 0), so its scale is what the first step moves
            float[] before = net.namedParameters()
                    .get("res3.0.nonlocal.bn.gamma")
                    .getArray()
                    .toFloatArray();
            assertTrue(Arrays.equals(before, new float[before.length]), "non-local BN scale starts at zero");
            try (ClassifierTrainer trainer = new ClassifierTrainer(net, model.getNDManager(), 0.9, 1e-4)) {
                BatchResult step = trainer.train(brightOrDark(4, 5, config), 0.01);
                assertTrue(Double.isFinite(step.meanLoss()), instantiation + ": loss " + step.meanLoss());
            }
            float[] after = net.namedParameters()
                    .get("res3.0.nonlocal.bn.gamma")
                    .getArray()
                    .toFloatArray();
            assertFalse(
                    Arrays.equals(before, after), instantiation + ": non-local BN scale unchanged by a training step");
        }
    }

    @Test
    void lossFallsAndTrainingAccuracyReachesAllOnASeparableSet() {
        Engine.getInstance().setRandomSeed(3);
        try (Model model = NlI3d.newModel(TINY, Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            SeededWeights.fill(net, 3);
            try (ClassifierTrainer trainer = new ClassifierTrainer(net, model.getNDManager(), 0.9, 1e-4)) {
                BatchResult first = trainer.train(brightOrDark(8, 0, TINY), 0.05);
                BatchResult last = null;
                for (int step = 1; step <= 12; step++) {
                    last = trainer.train(brightOrDark(8, step, TINY), 0.05);
                }
                assertTrue(last.meanLoss() < first.meanLoss() / 2, first.meanLoss() + " -> " + last.meanLoss());
                ClipBatch held = brightOrDark(8, 99, TINY);
                float[][] logits = trainer.logits(held);
                for (int i = 0; i < held.size(); i++) {
                    assertEquals(held.labels()[i], ClassScores.argMax(ClassScores.softmax(logits[i])));
                }
            }
        }
    }

    @Test
    void stepsRunOnThreadsWhereAutogradIsOn() throws Exception {
        // PyTorch turns grad mode on for every thread but the engine's: a step must not depend on it
        try (Model model = NlI3d.newModel(TINY, Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            SeededWeights.fill(net, 2);
            try (ClassifierTrainer trainer = new ClassifierTrainer(net, model.getNDManager(), 0.9, 1e-4)) {
                Throwable[] failure = new Throwable[1];
                Thread worker = new Thread(() -> {
                    try {
                        ai.djl.pytorch.jni.JniUtils.setGradMode(true);
                        trainer.train(brightOrDark(2, 1, TINY), 0.01);
                        trainer.logits(brightOrDark(2, 2, TINY));
                        assertTrue(ai.djl.pytorch.jni.JniUtils.isGradMode(), "grad mode not restored");
                    } catch (Throwable t) {
                        failure[0] = t;
                    }
                });
                worker.start();
                worker.join();
                if (failure[0] != null) {
                    throw new AssertionError(failure[0]);
                }
            }
        }
    }

    static float[] flat(float[][] v) {
        return concat(v);
    }

    static float[] concat(float[][] v) {
        int n = 0;
        for (float[] r : v) {
            n += r.length;
        }
        float[] out = new float[n];
        int o = 0;
        for (float[] r : v) {
            System.arraycopy(r, 0, out, o, r.length);
            o += r.length;
        }
        return out;
    }
}
