package nlvideo.pipeline.transform;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Per-channel (x - mean) / std on 0-255 values, and the channel order the network expects. The
 * weights of each source were trained with their own values and a mismatch silently costs
 * accuracy, so presets carry the sources' numbers: {@link #GREY} (114.75 / 57.375 on every
 * channel, the Caffe2 and PySlowFast NL-I3D weights) and {@link #IMAGENET} (mmaction2's RGB
 * 123.675/116.28/103.53, 58.395/57.12/57.375).
 *
 * @param mean per output channel, in output order
 * @param std per output channel, in output order
 * @param order the output channel order; the decoder always delivers RGB
 */
public record Normalization(float[] mean, float[] std, ChannelOrder order) implements Serializable {

    public enum ChannelOrder {
        RGB,
        BGR
    }

    public static final Normalization GREY = new Normalization(
            new float[] {114.75f, 114.75f, 114.75f}, new float[] {57.375f, 57.375f, 57.375f}, ChannelOrder.RGB);

    public static final Normalization IMAGENET = new Normalization(
            new float[] {123.675f, 116.28f, 103.53f}, new float[] {58.395f, 57.12f, 57.375f}, ChannelOrder.RGB);

    public Normalization {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("need 3 means and 3 stds");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be > 0, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** "grey" or "imagenet" (case-insensitive). */
    public static Normalization byName(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "grey", "gray" -> GREY;
            case "imagenet" -> IMAGENET;
            default ->
                throw new IllegalArgumentException("unknown normalization '" + name + "'; known: grey, imagenet");
        };
    }

    /** The same values with the output channels in {@code newOrder} (means and stds move along). */
    public Normalization withOrder(ChannelOrder newOrder) {
        if (newOrder == order) {
            return this;
        }
        return new Normalization(reverse(mean), reverse(std), newOrder);
    }

    /** For output channel {@code c}: which channel of the RGB input feeds it. */
    public int sourceChannel(int c) {
        return order == ChannelOrder.RGB ? c : 2 - c;
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    private static float[] reverse(float[] v) {
        return new float[] {v[2], v[1], v[0]};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n
                && Arrays.equals(n.mean, mean)
                && Arrays.equals(n.std, std)
                && n.order == order;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mean) * 31 + Arrays.hashCode(std) + order.hashCode();
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ", " + order + "]";
    }
}
