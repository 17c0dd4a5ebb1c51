package nlvideo.model.checkpoint;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the paper's Caffe2 checkpoints (facebookresearch/video-nonlocal-net) and its ImageNet
 * models: a pickle of {@code {'blobs': {name: ndarray}}} or of the blobs dict itself (both accepted
 * by its {@code lib/utils/checkpoints.py}), written by Python 2 or re-saved by Python 3 / numpy 2.
 * Returns every blob as float32, in file order; deciding which blobs the network uses (and that
 * {@code *_momentum}, {@code lr}, {@code model_iter} are not) is the name mapping's job.
 */
public final class Caffe2CheckpointReader {

    private Caffe2CheckpointReader() {}

    /**
     * Every blob of a Caffe2 checkpoint file as float32, by name, in file order.
     *
     * @throws CheckpointFormatException when the file is not one
     */
    public static Map<String, CheckpointTensor> read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, file.toString());
        }
    }

    /**
     * As {@link #read(Path)}, from a stream; {@code what} names it in messages.
     *
     * @throws CheckpointFormatException when the stream is not a Caffe2 checkpoint
     */
    public static Map<String, CheckpointTensor> read(InputStream in, String what) throws IOException {
        Object root = NumpyArrays.install(new PickleReader()).load(in);
        // {'blobs': {...}}, or the blobs dict itself, as checkpoints.py accepts both
        Object blobs = root instanceof Map<?, ?> m && m.containsKey("blobs") ? m.get("blobs") : root;
        if (!(blobs instanceof Map<?, ?> map) || map.values().stream().noneMatch(NumpyArrays::isNdArray)) {
            throw new CheckpointFormatException(
                    what + " is not a Caffe2 checkpoint: no 'blobs' dict of arrays at its top");
        }
        Map<String, CheckpointTensor> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!NumpyArrays.isArray(e.getValue())) {
                continue; // not a weight (no such blobs in the published files, but harmless)
            }
            out.put(name, NumpyArrays.toTensor(e.getValue(), name));
        }
        return out;
    }
}
