package nlvideo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The channels-last memory layout of (N, C, T, H, W) activations: the same shape and values,
 * stored position by position as (N, T, H, W, C) (PyTorch's {@code channels_last_3d}).
 *
 * <p>Why: oneDNN, which runs libtorch's CPU convolutions, works on channels-blocked or
 * channels-last data. Given the default (N, C, T, H, W) layout it reorders every convolution's
 * input and output; for NL-I3D R50 at batch 4 those reorders took about a third of oneDNN's time.
 * Given channels-last input, libtorch's convolutions, pools, ReLU and sums keep the layout, so
 * converting the clips once at the network's input removes them (measured with
 * {@code scripts/bench/model-profile.sh}: 1.08 s to 0.78 s per batch of 4, this machine).
 * Values are unchanged up to float32 rounding of a different summation order.
 *
 * <p>Only operations that do not keep the layout need this class: the network's input, and the
 * non-local block's matrix products, which see a map as (N, positions, channels).
 */
public final class ChannelsLast {
    private ChannelsLast() {}

    /**
     * {@code x} in the channels-last layout: a copy, or a view of {@code x} when it already is
     * channels-last.
     *
     * @param x (N, C, T, H, W), any layout
     * @return (N, C, T, H, W), the same values, stored as (N, T, H, W, C)
     */
    public static NDArray of(NDArray x) {
        Shape s = x.getShape();
        // reshape copies a permuted view into a dense (N, T*H*W*C) array unless it already is one
        NDArray dense = x.transpose(0, 2, 3, 4, 1).reshape(s.get(0), -1);
        return dense.reshape(s.get(0), s.get(2), s.get(3), s.get(4), s.get(1)).transpose(0, 4, 1, 2, 3);
    }

    /**
     * A map as a matrix per clip, one row per position.
     *
     * @param x (N, C, T, H, W); free (a view) for channels-last {@code x}, a copy otherwise
     * @return (N, T*H*W, C), positions in (t, h, w) order
     */
    static NDArray positions(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 3, 4, 1).reshape(s.get(0), -1, s.get(1));
    }

    /**
     * The inverse of {@link #positions}, without a copy.
     *
     * @param rows (N, T*H*W, C), dense
     * @param map the (N, *, T, H, W) shape the positions came from
     * @return (N, C, T, H, W), channels-last
     */
    static NDArray fromPositions(NDArray rows, Shape map) {
        Shape s = rows.getShape();
        return rows.reshape(s.get(0), map.get(2), map.get(3), map.get(4), s.get(2))
                .transpose(0, 4, 1, 2, 3);
    }
}
