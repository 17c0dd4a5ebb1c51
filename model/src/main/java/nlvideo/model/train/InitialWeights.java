package nlvideo.model.train;

import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * without its classifier ({@code head.fc}), which then keeps its fresh seeded initialisation sized
 * for the new classes. Everything else must match by name and shape, with two exceptions the
 * paper's fine-tuning needs (section 4.1, initialising from ImageNet):
 *
 * <ul>
 *   <li>a 2D image checkpoint (a torchvision ResNet-50/101 {@code .pth}, or the Caffe2 ImageNet
 *       {@code .pkl}) fills the 3D kernels by inflation ({@link CheckpointImport}: copied along time
 *       and divided by the temporal size);
 *   <li>a checkpoint without non-local blocks (an image model, an I3D baseline) leaves the network's
 *       non-local blocks at their start, which is an identity (their W_z BN scale is 0).
 * </ul>
 */
public final class InitialWeights {
    static final String CLASSIFIER = "head.fc.";
    private static final String NON_LOCAL = ".nonlocal.";

    private InitialWeights() {}

    /**
     * Sets every parameter of {@code net}.
     *
     * @param init a weights file, or null for seeded random weights
     * @param newClassifier keep the seeded classifier instead of the file's
     * @param seed seed of the random weights (all of them, or those the file leaves)
     * @return what was done, one line for the training log
     * @throws CheckpointFormatException when the file does not fit the network, listing every mismatch
     */
    public static String apply(NlI3d net, Path init, boolean newClassifier, long seed) throws IOException {
        SeededWeights.fill(net, seed);
        if (init == null) {
            return "seeded random weights (seed " + seed + ")";
        }
        Map<String, long[]> expected = new LinkedHashMap<>(WeightConverter.shapes(net));
        Map<String, CheckpointTensor> tensors;
        List<String> notes = new ArrayList<>();
        if (init.toString().endsWith(WeightsFile.EXTENSION)) {
            tensors = new LinkedHashMap<>(WeightsFile.read(init).tensors());
            if (newClassifier) {
                expected.keySet().removeIf(k -> k.startsWith(CLASSIFIER));
                tensors.keySet().removeIf(k -> k.startsWith(CLASSIFIER));
            }
            check(init, net, expected, tensors);
        } else {
            CheckpointImport.Source source = CheckpointImport.read(init);
            boolean nonLocalInFile = source.tensors().keySet().stream()
                    .map(source.layout()::networkName)
                    .anyMatch(n -> n != null && n.contains(NON_LOCAL));
            if (!nonLocalInFile && expected.keySet().removeIf(k -> k.contains(NON_LOCAL))) {
                notes.add("non-local blocks start as identities");
            }
            if (newClassifier) {
                classifierAsInFile(source, expected, net.config().featureWidth());
            }
            CheckpointImport.Result result = CheckpointImport.map(source, expected);
            tensors = new LinkedHashMap<>(result.weights());
            if (newClassifier) {
                tensors.keySet().removeIf(k -> k.startsWith(CLASSIFIER));
            }
            if (!result.inflated().isEmpty()) {
                notes.add(result.inflated().size() + " 2D kernels inflated along time");
            }
        }
        if (newClassifier) {
            notes.add("new classifier");
        }
        Map<String, Parameter> params = net.namedParameters();
        tensors.forEach((name, t) -> params.get(name).getArray().set(t.data()));
        return String.format(
                Locale.ROOT,
                "%d tensors from %s%s",
                tensors.size(),
                init,
                notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")");
    }

    /** The checkpoint's classifier taken at whatever size it has (dropped after mapping), or none. */
    private static void classifierAsInFile(CheckpointImport.Source source, Map<String, long[]> expected, long width) {
        long classes = -1;
        for (Map.Entry<String, CheckpointTensor> e : source.tensors().entrySet()) {
            if ((CLASSIFIER + "bias").equals(source.layout().networkName(e.getKey()))) {
                classes = e.getValue().data().length;
            }
        }
        expected.keySet().removeIf(k -> k.startsWith(CLASSIFIER));
        if (classes >= 0) {
            expected.put(CLASSIFIER + "weight", new long[] {classes, width});
            expected.put(CLASSIFIER + "bias", new long[] {classes});
        }
    }

    private static void check(Path init, NlI3d net, Map<String, long[]> expected, Map<String, CheckpointTensor> tensors)
            throws CheckpointFormatException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            CheckpointTensor t = tensors.get(e.getKey());
            if (t == null) {
                problems.add("missing: " + e.getKey());
            } else if (!Arrays.equals(e.getValue(), t.shape())) {
                problems.add("shape: " + e.getKey() + " is " + t.shapeString() + ", network needs "
                        + Arrays.toString(e.getValue()));
            }
        }
        tensors.keySet().stream().filter(k -> !expected.containsKey(k)).forEach(k -> problems.add("unexpected: " + k));
        if (!problems.isEmpty()) {
            throw new CheckpointFormatException(
                    init + " does not fit network " + net.config().name() + ":\n  " + String.join("\n  ", problems));
        }
    }
}
