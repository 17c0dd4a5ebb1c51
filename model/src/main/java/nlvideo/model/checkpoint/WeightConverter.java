package nlvideo.model.checkpoint;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nlvideo.model.ModelConfig;
import nlvideo.model.NlI3d;

/**
 * Moves weights between files and the network: {@link #convert} turns a published checkpoint into
 * the project's {@link WeightsFile} for a preset (behind {@code scripts/nlvideo convert-weights}),
 * {@link #load} fills a network from such a file, and {@link #importInto} fills it straight from a
 * published checkpoint. All three are strict about names and shapes.
 */
public final class WeightConverter {

    private WeightConverter() {}

    /** Reads {@code source}, maps it onto the preset's network and writes {@code out}. */
    public static CheckpointImport.Result convert(Path source, ModelConfig preset, Path out) throws IOException {
        Map<String, long[]> shapes;
        try (Model model = NlI3d.newModel(preset, Device.cpu())) {
            shapes = shapes((NlI3d) model.getBlock());
        }
        CheckpointImport.Result result = CheckpointImport.map(CheckpointImport.read(source), shapes);
        WeightsFile.write(out, preset.name(), result.weights());
        return result;
    }

    /** Fills an initialised network from a published checkpoint. */
    public static CheckpointImport.Result importInto(Path source, NlI3d net) throws IOException {
        CheckpointImport.Result result = CheckpointImport.map(CheckpointImport.read(source), shapes(net));
        set(net, result.weights());
        return result;
    }

    /**
     * Fills an initialised network from either kind of file: the project's {@link WeightsFile}
     * (by its {@code .nlw} ending) or a published checkpoint.
     */
    public static void loadAny(Path file, NlI3d net) throws IOException {
        if (file.getFileName().toString().endsWith(WeightsFile.EXTENSION)) {
            load(file, net);
        } else {
            importInto(file, net);
        }
    }

    /** Fills an initialised network from a {@link WeightsFile}; every parameter must be there, with its shape. */
    public static void load(Path weightsFile, NlI3d net) throws IOException {
        WeightsFile.Weights w = WeightsFile.read(weightsFile);
        Map<String, long[]> expected = shapes(net);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            CheckpointTensor t = w.tensors().get(e.getKey());
            if (t == null) {
                problems.add("missing: " + e.getKey() + " " + Arrays.toString(e.getValue()));
            } else if (!Arrays.equals(t.shape(), e.getValue())) {
                problems.add("shape: " + e.getKey() + " is " + t.shapeString() + ", network needs "
                        + Arrays.toString(e.getValue()));
            }
        }
        w.tensors().keySet().stream()
                .filter(k -> !expected.containsKey(k))
                .forEach(k -> problems.add("unexpected: " + k));
        if (!problems.isEmpty()) {
            throw new CheckpointFormatException(weightsFile + " (made for preset " + w.preset()
                    + ") does not fit network " + net.config().name() + ":\n  " + String.join("\n  ", problems));
        }
        set(net, w.tensors());
    }

    /** Parameter name to shape of an initialised network, in network order. */
    public static Map<String, long[]> shapes(NlI3d net) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            if (!e.getValue().isInitialized()) {
                throw new IllegalStateException("network parameters are not initialised: " + e.getKey());
            }
            shapes.put(e.getKey(), e.getValue().getArray().getShape().getShape());
        }
        return shapes;
    }

    private static void set(NlI3d net, Map<String, CheckpointTensor> weights) {
        Map<String, Parameter> params = net.namedParameters();
        weights.forEach((name, t) -> {
            NDArray array = params.get(name).getArray();
            if (!array.getShape().equals(new Shape(t.shape()))) {
                throw new IllegalStateException(name + ": " + array.getShape() + " vs " + t.shapeString());
            }
            array.set(t.data());
        });
    }
}
