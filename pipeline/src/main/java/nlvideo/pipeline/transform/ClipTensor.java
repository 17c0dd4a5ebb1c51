package nlvideo.pipeline.transform;

/**
 * A clip ready for the network: float32 values laid out C x T x H x W (channel-major, as the
 * Conv3d input of one batch item), without a dependency on DJL so that it can be built anywhere.
 *
 * @param data channels x frames x height x width normalised values
 */
public record ClipTensor(float[] data, int channels, int frames, int height, int width) {

    /** @throws IllegalArgumentException when the data does not fill the shape */
    public ClipTensor {
        if ((long) channels * frames * height * width != data.length) {
            throw new IllegalArgumentException("data length " + data.length + " does not match shape " + channels + "x"
                    + frames + "x" + height + "x" + width);
        }
    }

    /** (3, T, H, W). */
    public long[] shape() {
        return new long[] {channels, frames, height, width};
    }

    /** The value at (c, t, y, x). */
    public float get(int c, int t, int y, int x) {
        return data[((c * frames + t) * height + y) * width + x];
    }
}
