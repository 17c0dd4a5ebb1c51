package nlvideo.model.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a published checkpoint into the network's named weights, strictly: every network
 * parameter must be filled with a tensor of its shape, every checkpoint entry must either fill one
 * or be a known non-parameter (reported as ignored). Any mismatch fails with one error that lists
 * every missing, unexpected and mis-shaped name, so a wrong preset is obvious at once.
 *
 * <p>A 2D kernel (C', C, h, w) of an image checkpoint fills a 3D one (C', C, t, h, w) by inflation,
 * as the paper's code initialises its video networks from ImageNet ({@code lib/utils/checkpoints.py},
 * {@code initialize_master_gpu_model_params}): the kernel copied t times along time and divided by
 * t, so that the 3D network gives the 2D network's response on a clip of identical frames.
 */
public final class CheckpointImport {

    /**
     * @param weights network parameter name to tensor, in the network's order and shapes
     * @param layout the source naming that was read
     * @param ignored checkpoint entries that are not network parameters (optimizer momenta, counters)
     * @param inflated network parameters filled by inflating a 2D kernel
     */
    public record Result(
            Map<String, CheckpointTensor> weights, SourceLayout layout, List<String> ignored, List<String> inflated) {}

    /** A checkpoint's tensors with the naming they use. */
    public record Source(Map<String, CheckpointTensor> tensors, SourceLayout layout) {}

    private CheckpointImport() {}

    /** Reads any supported checkpoint file: a Caffe2 pickle, or a PyTorch zip or legacy file. */
    public static Source read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointFormatException("checkpoint not found: " + file);
        }
        if (isPyTorch(file)) {
            Map<String, CheckpointTensor> tensors = TorchCheckpointReader.readStateDict(file);
            return new Source(tensors, SourceLayout.detectTorch(tensors.keySet()));
        }
        return new Source(Caffe2CheckpointReader.read(file), SourceLayout.CAFFE2);
    }

    /** PyTorch files start with a zip header or with the legacy magic number pickled as LONG1. */
    private static boolean isPyTorch(Path file) throws IOException {
        byte[] head = new byte[5];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        boolean zip = n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        boolean legacy =
                n >= 5 && (head[0] & 0xff) == 0x80 && (head[2] & 0xff) == 0x8a && head[3] == 10 && head[4] == 0x6c;
        return zip || legacy;
    }

    /**
     * Maps {@code source} onto the network whose parameter shapes are {@code expected}
     * (name to shape, in network order).
     */
    public static Result map(Source source, Map<String, long[]> expected) throws CheckpointFormatException {
        Map<String, CheckpointTensor> filled = new LinkedHashMap<>();
        Map<String, String> filledFrom = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        List<String> inflated = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, CheckpointTensor> e : source.tensors().entrySet()) {
            String from = e.getKey();
            CheckpointTensor t = e.getValue();
            String to = source.layout().networkName(from);
            if (to == null) {
                ignored.add(from);
                continue;
            }
            long[] shape = expected.get(to);
            if (shape == null) {
                problems.add("unexpected: " + from + " " + t.shapeString() + " -> " + to + " is not in the network");
            } else if (filledFrom.containsKey(to)) {
                problems.add("duplicate: " + from + " and " + filledFrom.get(to) + " both fill " + to);
            } else if (sameIgnoringUnitDims(shape, t.shape())) {
                filled.put(to, t.reshape(shape));
                filledFrom.put(to, from);
            } else if (inflatable(t.shape(), shape)) {
                filled.put(to, inflate(t, shape[2]));
                filledFrom.put(to, from);
                inflated.add(to);
            } else {
                problems.add(
                        "shape: " + from + " " + t.shapeString() + " -> " + to + " needs " + Arrays.toString(shape));
            }
        }
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            if (!filled.containsKey(e.getKey())
                    && problems.stream().noneMatch(p -> p.contains("-> " + e.getKey() + " "))) {
                problems.add("missing: " + e.getKey() + " " + Arrays.toString(e.getValue()));
            }
        }
        if (!problems.isEmpty()) {
            throw new CheckpointFormatException(problems.size() + " problem(s) mapping the " + source.layout()
                    + " checkpoint onto the network:\n  " + String.join("\n  ", problems));
        }
        Map<String, CheckpointTensor> ordered = new LinkedHashMap<>();
        expected.keySet().forEach(k -> ordered.put(k, filled.get(k)));
        return new Result(ordered, source.layout(), ignored, inflated);
    }

    /** A 2D kernel (C', C, h, w) that fits a 3D one (C', C, t, h, w) but for time. */
    static boolean inflatable(long[] kernel2d, long[] kernel3d) {
        return kernel2d.length == 4
                && kernel3d.length == 5
                && kernel2d[0] == kernel3d[0]
                && kernel2d[1] == kernel3d[1]
                && kernel2d[2] == kernel3d[3]
                && kernel2d[3] == kernel3d[4];
    }

    /**
     * A 2D kernel (C', C, h, w) inflated to (C', C, t, h, w): copied along time and divided by t
     * ({@code np.stack([w] * t, axis=2) / float(t)} in the paper's checkpoints.py).
     */
    static CheckpointTensor inflate(CheckpointTensor kernel2d, long t) {
        long[] s = kernel2d.shape();
        int plane = (int) (s[2] * s[3]);
        int pairs = (int) (s[0] * s[1]);
        float[] in = kernel2d.data();
        float[] out = new float[Math.toIntExact(in.length * t)];
        for (int p = 0; p < pairs; p++) {
            for (int k = 0; k < t; k++) {
                for (int i = 0; i < plane; i++) {
                    out[(p * (int) t + k) * plane + i] = (float) (in[p * plane + i] / (double) t);
                }
            }
        }
        return new CheckpointTensor(new long[] {s[0], s[1], t, s[2], s[3]}, out, kernel2d.sourceDtype());
    }

    /**
     * Equal shapes once size-1 axes are dropped: a Caffe2 test-time {@code pred_w} is a 1x1x1 conv
     * (K, C, 1, 1, 1) where the network has an FC (K, C).
     */
    static boolean sameIgnoringUnitDims(long[] a, long[] b) {
        return Arrays.equals(
                        Arrays.stream(a).filter(d -> d != 1).toArray(),
                        Arrays.stream(b).filter(d -> d != 1).toArray())
                && CheckpointTensor.numel(a) == CheckpointTensor.numel(b);
    }
}
