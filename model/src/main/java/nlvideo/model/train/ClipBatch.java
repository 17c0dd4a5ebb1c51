package nlvideo.model.train;

import java.util.Arrays;

/**
 * A batch of float clips (N, 3, T, H, W), row-major, with each clip's class index: what one
 * training or evaluation step consumes, built by whoever decodes the videos.
 *
 * @param data N x 3 x T x H x W normalised values
 * @param shape (N, 3, T, H, W)
 * @param labels N class indices in [0, K)
 */
public record ClipBatch(float[] data, long[] shape, int[] labels) {

    /** @throws IllegalArgumentException when the shape, data and labels disagree */
    public ClipBatch {
        if (shape.length != 5 || shape[1] != 3) {
            throw new IllegalArgumentException("clip batches are (N, 3, T, H, W), got " + Arrays.toString(shape));
        }
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
        }
        if (labels.length != shape[0]) {
            throw new IllegalArgumentException(labels.length + " labels for " + shape[0] + " clips");
        }
    }

    /** Clips in the batch (N). */
    public int size() {
        return labels.length;
    }
}
