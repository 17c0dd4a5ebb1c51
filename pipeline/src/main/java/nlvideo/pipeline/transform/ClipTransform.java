package nlvideo.pipeline.transform;

import nlvideo.model.Normalization;
import nlvideo.pipeline.clip.ClipWindow;
import nlvideo.pipeline.video.DecodedFrames;

/**
 * Turns the decoded frames of one clip window and a crop into the network's input: crop, optional
 * mirror, per-channel normalisation, and the move from interleaved H x W x 3 bytes to a
 * C x T x H x W float tensor, in one pass over the pixels. The short-side resize already happened
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
        float[] scale = new float[3];
        float[] shift = new float[3];
        float[] mean = normalization.mean();
        float[] std = normalization.std();
        for (int c = 0; c < 3; c++) {
            scale[c] = 1f / std[c];
            shift[c] = -mean[c] / std[c];
        }
        int plane = ch * cw;
        for (int f = 0; f < t; f++) {
            byte[] rgb = frames.frame(window.frameIndex(f));
            for (int c = 0; c < 3; c++) {
                float sc = scale[c];
                float sh = shift[c];
                int base = (c * t + f) * plane;
                for (int y = 0; y < ch; y++) {
                    int in = ((y0 + y) * width + x0) * 3 + c;
                    int o = base + y * cw;
                    if (crop.flip()) {
                        for (int x = cw - 1; x >= 0; x--, in += 3) {
                            out[o + x] = (rgb[in] & 0xff) * sc + sh;
                        }
                    } else {
                        for (int x = 0; x < cw; x++, in += 3) {
                            out[o + x] = (rgb[in] & 0xff) * sc + sh;
                        }
                    }
                }
            }
        }
        return new ClipTensor(out, 3, t, ch, cw);
    }
}
