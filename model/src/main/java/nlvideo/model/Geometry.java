package nlvideo.model;

import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Output extents of convolutions and pools (floor mode, as in Caffe2, PyTorch and DJL). */
final class Geometry {
    private Geometry() {}

    /** Extent after a window of {@code kernel} with {@code stride} and symmetric {@code pad}. */
    static long out(long in, long kernel, long stride, long pad) {
        long padded = in + 2 * pad;
        if (padded < kernel) {
            throw new IllegalArgumentException(
                    "input extent " + in + " is smaller than kernel " + kernel + " (padding " + pad + ")");
        }
        return (padded - kernel) / stride + 1;
    }

    /** (N, C, T, H, W) after a window; channels become {@code channels}. */
    static Shape out(Shape in, long channels, Shape kernel, Shape stride, Shape pad) {
        return new Shape(
                in.get(0),
                channels,
                out(in.get(2), kernel.get(0), stride.get(0), pad.get(0)),
                out(in.get(3), kernel.get(1), stride.get(1), pad.get(1)),
                out(in.get(4), kernel.get(2), stride.get(2), pad.get(2)));
    }

    static Shape shape(List<Integer> v) {
        return new Shape(v.get(0), v.get(1), v.get(2));
    }

    /** A pool kernel clipped to the map, so that tiny test inputs still work. */
    static Shape clip(Shape kernel, Shape map) {
        return new Shape(
                Math.min(kernel.get(0), map.get(2)),
                Math.min(kernel.get(1), map.get(3)),
                Math.min(kernel.get(2), map.get(4)));
    }
}
