package nlvideo.pipeline.transform;

import nlvideo.model.Normalization;
import nlvideo.pipeline.clip.ClipWindow;
import nlvideo.pipeline.video.DecodedFrames;

/**
 * Turns the decoded frames of one clip window and a crop into the network's input: crop, optional
 * mirror, per-channel normalisation, and the move from interleaved H x W x 3 bytes to a
 * C x T x H x W float tensor, in one pass over the pixels (each pixel's three bytes read once). The short-side resize already happened
 * in FFmpeg during decoding.
 */
public final class ClipTransform {
    private final Normalization normalization;

    /** @param normalization the per-channel mean and std the network's weights expect */
    public ClipTransform(Normalization normalization) {
        this.normalization = normalization;
    }

    /** The normalisation applied. */
    public Normalization normalization() {
        return normalization;
    }

    /**
     * The clip tensor (3, T, crop height, crop width) of {@code window}'s frames, cropped (and
     * mirrored when the crop says so), as {@code (value - mean) / std} per RGB channel.
     *
     * @param frames decoded RGB frames holding every index of the window
     * @throws IllegalArgumentException when the crop does not fit the frames
     */
    public ClipTensor apply(DecodedFrames frames, ClipWindow window, Crop crop) {
        int[] r = crop.rectangle(frames.height(), frames.width());
        int y0 = r[0], x0 = r[1], ch = r[2], cw = r[3];
        int t = window.length();
        int width = frames.width();
        float[] out = new float[3 * t * ch * cw];
        float[] red = levels(0);
        float[] green = levels(1);
        float[] blue = levels(2);
        int plane = ch * cw;
        int channel = t * plane; // from one channel's plane of a frame to the next channel's
        for (int f = 0; f < t; f++) {
            byte[] rgb = frames.frame(window.frameIndex(f));
            for (int y = 0; y < ch; y++) {
                int in = ((y0 + y) * width + x0) * 3;
                int o = f * plane + y * cw;
                if (crop.flip()) {
                    for (int x = o + cw - 1; x >= o; x--, in += 3) {
                        out[x] = red[rgb[in] & 0xff];
                        out[x + channel] = green[rgb[in + 1] & 0xff];
                        out[x + 2 * channel] = blue[rgb[in + 2] & 0xff];
                    }
                } else {
                    for (int x = o; x < o + cw; x++, in += 3) {
                        out[x] = red[rgb[in] & 0xff];
                        out[x + channel] = green[rgb[in + 1] & 0xff];
                        out[x + 2 * channel] = blue[rgb[in + 2] & 0xff];
                    }
                }
            }
        }
        return new ClipTensor(out, 3, t, ch, cw);
    }

    /**
     * Channel {@code c}'s normalised value of each byte, {@code (v - mean) / std} computed as {@code
     * v * (1 / std) + (-mean / std)} in float, as a table: reading a pixel's value is then one
     * load, which keeps the transform fast under the JVM's quick compiler too (the launcher and
     * executors run C1 alone; see conf/spark-defaults.conf).
     */
    private float[] levels(int c) {
        float scale = 1f / normalization.std()[c];
        float shift = -normalization.mean()[c] / normalization.std()[c];
        float[] level = new float[256];
        for (int v = 0; v < 256; v++) {
            level[v] = v * scale + shift;
        }
        return level;
    }
}
