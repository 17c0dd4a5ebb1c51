package nlvideo.pipeline.clip;

import java.io.Serializable;
import java.util.List;
import nlvideo.pipeline.transform.Crop;
import nlvideo.pipeline.transform.Normalization;
import nlvideo.pipeline.video.VideoInfo;

/**
 * A test protocol, whole: which clips of a video are taken (sampler and its parameters), at what
 * size they are decoded (short side), which spatial views each clip gives (crops), and how pixels
 * are normalised. A model preset names one; the command line may override parts of it.
 *
 * @param sampling sampler name ({@link ClipSampler#byName})
 * @param crops 1 (centre), 3 (three along the long side) or 0 (the full frame, for fully
 *     convolutional testing)
 */
public record ClipProtocol(
        String sampling, SamplingParams params, int shortSide, int cropSize, int crops, Normalization normalization)
        implements Serializable {

    public ClipProtocol {
        ClipSampler.byName(sampling, params); // fails early on an unknown name
        if (shortSide < 1 || cropSize < 1 || cropSize > shortSide) {
            throw new IllegalArgumentException(
                    "crop size " + cropSize + " must be between 1 and the short side " + shortSide);
        }
        if (crops != 0 && crops != 1 && crops != 3) {
            throw new IllegalArgumentException("crops must be 1, 3 or 0 (full frame), got " + crops);
        }
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
