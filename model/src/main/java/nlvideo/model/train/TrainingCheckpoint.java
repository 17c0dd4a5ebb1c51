package nlvideo.model.train;

import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nlvideo.model.ModelConfig;
import nlvideo.model.NlI3d;
import nlvideo.model.checkpoint.CheckpointFormatException;
import nlvideo.model.checkpoint.CheckpointTensor;
import nlvideo.model.checkpoint.WeightConverter;
import nlvideo.model.checkpoint.WeightsFile;

/**
 * A training run's folder, everything needed to use the model or to continue training it:
 * <pre>
 *   model.yaml            the config it is trained with (for --model of classify and evaluate)
 *   last.nlw              weights after the last finished epoch (BN running statistics included)
 *   best.nlw              weights of the epoch with the best validation top-1
 *   state/progress.json   settings, epochs done, best so far, data it trains on
 *   state/momentum.nlw    the optimizer's momentum buffers, by parameter name
 * </pre>
 * Each file is written under a temporary name and moved into place, so none is ever half-written;
 * the progress goes last, so it never claims an epoch whose weights are not on disk.
 */
public final class TrainingCheckpoint {
    /** The config the run trains, as YAML. */
    public static final String CONFIG = "model.yaml";
    /** Weights after the last finished epoch. */
    public static final String LAST = "last" + WeightsFile.EXTENSION;
    /** Weights of the best validation epoch. */
    public static final String BEST = "best" + WeightsFile.EXTENSION;

    static final String STATE = "state";
    static final String PROGRESS = "progress.json";
    static final String MOMENTUM = "momentum" + WeightsFile.EXTENSION;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TrainingCheckpoint() {}

    /** Whether {@code dir} holds a checkpoint that can be resumed. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(STATE).resolve(PROGRESS))
                && Files.isRegularFile(dir.resolve(LAST))
                && Files.isRegularFile(dir.resolve(CONFIG));
    }

    /** Writes {@code config} to {@code dir/model.yaml}, atomically. */
    public static void writeConfig(Path dir, ModelConfig config) throws IOException {
        writeAtomically(dir.resolve(CONFIG), config.toYaml());
    }

    /**
     * The config saved in {@code dir}.
     *
     * @throws nlvideo.model.ModelConfigException when model.yaml is missing or invalid
     */
    public static ModelConfig readConfig(Path dir) {
        return ModelConfig.load(dir.resolve(CONFIG));
    }

    /** Writes every parameter of the network, under its dotted name, as a {@code .nlw} file. */
    public static void writeWeights(Path file, NlI3d net) throws IOException {
        Map<String, CheckpointTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            float[] data = e.getValue().getArray().toFloatArray();
            tensors.put(
                    e.getKey(),
                    new CheckpointTensor(e.getValue().getArray().getShape().getShape(), data, "float32"));
        }
        WeightsFile.write(file, net.config().name(), tensors);
    }

    /** Saves the end of an epoch: last weights, momentum buffers, then the progress. */
    public static void save(Path dir, NlI3d net, MomentumSgd sgd, TrainingState state) throws IOException {
        Path stateDir = Files.createDirectories(dir.resolve(STATE));
        writeWeights(dir.resolve(LAST), net);
        WeightsFile.write(stateDir.resolve(MOMENTUM), net.config().name(), sgd.buffers());
        writeAtomically(stateDir.resolve(PROGRESS), JSON.writeValueAsString(state));
    }

    /**
     * The progress saved in {@code dir}.
     *
     * @throws CheckpointFormatException when the progress file is not one
     */
    public static TrainingState readState(Path dir) throws IOException {
        Path file = dir.resolve(STATE).resolve(PROGRESS);
        try {
            return JSON.readValue(file.toFile(), TrainingState.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new CheckpointFormatException(
                    file + " is not a training progress file: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Loads the last weights into {@code net} and the momentum buffers into {@code sgd}; both
     * must fit the network exactly.
     */
    public static TrainingState restore(Path dir, NlI3d net, MomentumSgd sgd) throws IOException {
        TrainingState state = readState(dir);
        WeightConverter.load(dir.resolve(LAST), net);
        Path momentumFile = dir.resolve(STATE).resolve(MOMENTUM);
        Map<String, CheckpointTensor> buffers = WeightsFile.read(momentumFile).tensors();
        Map<String, long[]> shapes = WeightConverter.shapes(net);
        List<String> problems = new ArrayList<>();
        buffers.forEach((name, t) -> {
            long[] shape = shapes.get(name);
            if (shape == null || !Arrays.equals(shape, t.shape())) {
                problems.add(name + " " + t.shapeString()
                        + (shape == null ? " is not a parameter" : " needs " + Arrays.toString(shape)));
            }
        });
        if (!problems.isEmpty()) {
            throw new CheckpointFormatException(
                    momentumFile + " does not fit the network: " + String.join("; ", problems));
        }
        sgd.restore(buffers);
        return state;
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
