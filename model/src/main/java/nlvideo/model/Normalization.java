package nlvideo.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The pixel normalisation a network's weights expect: per-channel {@code (x - mean) / std} on RGB
 * values in 0..255. The weights of each source were trained with their own values and a mismatch
 * silently costs accuracy, so a preset names the source's numbers.
 */
public enum Normalization {
    /**
     * Mean 114.75, std 57.375 on every channel: the Caffe2 and PySlowFast NL-I3D weights
     * (video-nonlocal-net {@code lib/core/config.py} {@code MODEL.MEAN}/{@code STD}; PySlowFast
     * {@code DATA.MEAN = [0.45] * 3}, {@code DATA.STD = [0.225] * 3} on 0..1 values).
     */
    @JsonProperty("grey")
    GREY(new float[] {114.75f, 114.75f, 114.75f}, new float[] {57.375f, 57.375f, 57.375f}),
    /** ImageNet per-channel statistics, RGB: the mmaction2 weights ({@code img_norm_cfg}). */
    @JsonProperty("imagenet")
    IMAGENET(new float[] {123.675f, 116.28f, 103.53f}, new float[] {58.395f, 57.12f, 57.375f});

    private final float[] mean;
    private final float[] std;

    Normalization(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** Per-channel mean in R, G, B order, on the 0..255 scale. */
    public float[] mean() {
        return mean.clone();
    }

    /** Per-channel standard deviation in R, G, B order, on the 0..255 scale; every value > 0. */
    public float[] std() {
        return std.clone();
    }
}
