package nlvideo.pipeline.clip;

import java.io.Serializable;
import java.util.List;
import nlvideo.pipeline.transform.Crop;
import nlvideo.pipeline.transform.Normalization;
import nlvideo.pipeline.video.Deinterlace;
import nlvideo.pipeline.video.VideoDecoder;
import nlvideo.pipeline.video.VideoInfo;

/**
 * A test protocol, whole: which clips of a video are taken (sampler and its parameters), at what
 * size they are decoded (short side) and whether interlaced video is deinterlaced, which spatial
 * views each clip gives (crops), and how pixels are normalised. A model preset names one; the
 * command line may override parts of it.
 *
 * @param sampling sampler name ({@link ClipSampler#byName})
 * @param crops 1 (centre), 3 (three along the long side) or 0 (the full frame, for fully
 *     convolutional testing)
 * @param deinterlace when the decoder deinterlaces ({@link Deinterlace#AUTO}: streams flagged interlaced)
 */
public record ClipProtocol(
        String sampling,
        SamplingParams params,
        int shortSide,
        int cropSize,
        int crops,
        Normalization normalization,
        Deinterlace deinterlace)
        implements Serializable {

    /** A protocol that deinterlaces streams flagged interlaced ({@link Deinterlace#AUTO}). */
    public ClipProtocol(
            String sampling,
            SamplingParams params,
            int shortSide,
            int cropSize,
            int crops,
            Normalization normalization) {
        this(sampling, params, shortSide, cropSize, crops, normalization, Deinterlace.AUTO);
    }

    public ClipProtocol {
        ClipSampler.byName(sampling, params); // fails early on an unknown name
        if (shortSide < 1 || cropSize < 1 || cropSize > shortSide) {
            throw new IllegalArgumentException(
                    "crop size " + cropSize + " must be between 1 and the short side " + shortSide);
        }
        if (crops != 0 && crops != 1 && crops != 3) {
            throw new IllegalArgumentException("crops must be 1, 3 or 0 (full frame), got " + crops);
        }
        if (deinterlace == null) {
            throw new IllegalArgumentException("deinterlace must be auto, on or off, not null");
        }
    }

    /** The decoder this protocol reads frames with: its short side and deinterlacing, on {@code threads}. */
    public VideoDecoder decoder(int threads) {
        return new VideoDecoder(shortSide, threads).withDeinterlace(deinterlace);
    }

    public ClipSampler sampler() {
        return ClipSampler.byName(sampling, params);
    }

    /** The clip windows of one probed video. */
    public List<ClipWindow> windows(VideoInfo info) {
        return sampler().sample((int) Math.min(Integer.MAX_VALUE, info.frameCount()), info.avgFps());
    }

    /** The spatial views of every clip, in view order. */
    public List<Crop> cropList() {
        return switch (crops) {
            case 0 -> List.of(Crop.full());
            case 1 -> List.of(Crop.center(cropSize));
            default -> List.of(Crop.three(cropSize, 0), Crop.three(cropSize, 1), Crop.three(cropSize, 2));
        };
    }
}
