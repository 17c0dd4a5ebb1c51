package nlvideo.model.train;

import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nlvideo.model.NlI3d;
import nlvideo.model.SeededWeights;
import nlvideo.model.checkpoint.CheckpointFormatException;
import nlvideo.model.checkpoint.CheckpointImport;
import nlvideo.model.checkpoint.CheckpointTensor;
import nlvideo.model.checkpoint.WeightConverter;
import nlvideo.model.checkpoint.WeightsFile;

/**
 * The weights a training run starts from: seeded random ones ({@link SeededWeights}), or a
 * {@code .nlw} file or published checkpoint, whole or, for fine-tuning on another label set,
 * without its classifier ({@code head.fc}), which then keeps its fresh seeded initialisation
 * sized for the new classes. Everything but the classifier must still match by name and shape.
 */
public final class InitialWeights {
    static final String CLASSIFIER = "head.fc.";

    private InitialWeights() {}

    /**
     * @param init a weights file, or null for seeded random weights
     * @param newClassifier keep the seeded classifier instead of the file's
     */
    public static void apply(NlI3d net, Path init, boolean newClassifier, long seed) throws IOException {
        SeededWeights.fill(net, seed);
        if (init == null) {
            return;
        }
        boolean own = init.toString().endsWith(WeightsFile.EXTENSION);
        if (!newClassifier) {
            if (own) {
                WeightConverter.load(init, net);
            } else {
                WeightConverter.importInto(init, net);
            }
            return;
        }
        Map<String, CheckpointTensor> tensors = own ? WeightsFile.read(init).tensors() : importBackbone(init, net);
        Map<String, Parameter> params = net.namedParameters();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            if (e.getKey().startsWith(CLASSIFIER)) {
                continue;
            }
            CheckpointTensor t = tensors.get(e.getKey());
            long[] shape = e.getValue().getArray().getShape().getShape();
            if (t == null) {
                problems.add("missing: " + e.getKey());
            } else if (!Arrays.equals(shape, t.shape())) {
                problems.add("shape: " + e.getKey() + " is " + t.shapeString() + ", network needs "
                        + Arrays.toString(shape));
            }
        }
        tensors.keySet().stream()
                .filter(k -> !k.startsWith(CLASSIFIER) && !params.containsKey(k))
                .forEach(k -> problems.add("unexpected: " + k));
        if (!problems.isEmpty()) {
            throw new CheckpointFormatException(init + " does not fit network "
                    + net.config().name() + " (classifier aside):\n  " + String.join("\n  ", problems));
        }
        params.forEach((name, p) -> {
            if (!name.startsWith(CLASSIFIER)) {
                p.getArray().set(tensors.get(name).data());
            }
        });
    }

    /** A published checkpoint mapped onto the network, its classifier taken at whatever size it has. */
    private static Map<String, CheckpointTensor> importBackbone(Path init, NlI3d net) throws IOException {
        CheckpointImport.Source source = CheckpointImport.read(init);
        long classes = -1;
        for (Map.Entry<String, CheckpointTensor> e : source.tensors().entrySet()) {
            if ((CLASSIFIER + "bias").equals(source.layout().networkName(e.getKey()))) {
                classes = e.getValue().data().length;
            }
        }
        Map<String, long[]> shapes = new LinkedHashMap<>(WeightConverter.shapes(net));
        if (classes < 0) {
            shapes.keySet().removeIf(k -> k.startsWith(CLASSIFIER));
        } else {
            shapes.put(CLASSIFIER + "weight", new long[] {classes, net.config().featureWidth()});
            shapes.put(CLASSIFIER + "bias", new long[] {classes});
        }
        return CheckpointImport.map(source, shapes).weights();
    }
}
