package nlvideo.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;

/**
 * How a network is tested on a video (the {@code input:} field of a preset): which frames make a
 * clip, which clips and spatial views are taken, at what size, and how pixels are normalised. The
 * published accuracies were measured with their source's protocol, so each preset carries its own;
 * the command line may override parts ({@code --frames}, {@code --clips}, ...).
 *
 * @param frames frames per clip T, default 32
 * @param stride frame interval s between the clip's frames, in frames of the video, or of
 *     {@code targetFps} when set; default 2
 * @param shortSide pixels the frames' short side is scaled to, default 256
 * @param crop side of the square spatial crop fed to the network, at most {@code shortSide};
 *     default 224
 * @param clips clips per video K, default 10 (ignored by dense sampling)
 * @param crops spatial views per clip: 1 (centre), 3 (along the long side) or 0 (the full frame,
 *     for fully convolutional testing); default 3
 * @param sampling the code base whose test conventions apply (clip starts, crop offsets); default
 *     caffe2
 * @param targetFps frames per second the stride refers to (PySlowFast's {@code DATA.TARGET_FPS},
 *     30 for its Kinetics configs), so that a clip spans the same time at any frame rate; null =
 *     the video's own frames
 * @param denseInterval seconds between clip starts for dense sampling of long videos (feature
 *     extraction); null = K clips per the sampling convention
 * @param normalization pixel normalisation the weights expect, default grey
 */
public record TestProtocol(
        Integer frames,
        Integer stride,
        Integer shortSide,
        Integer crop,
        Integer clips,
        Integer crops,
        Sampling sampling,
        Double targetFps,
        Double denseInterval,
        Normalization normalization)
        implements Serializable {

    /** @throws ModelConfigException for values outside those ranges */
    public TestProtocol {
        frames = frames == null ? 32 : frames;
        stride = stride == null ? 2 : stride;
        shortSide = shortSide == null ? 256 : shortSide;
        crop = crop == null ? 224 : crop;
        clips = clips == null ? 10 : clips;
        crops = crops == null ? 3 : crops;
        sampling = sampling == null ? Sampling.CAFFE2 : sampling;
        normalization = normalization == null ? Normalization.GREY : normalization;
        if (frames < 1 || stride < 1 || shortSide < 1 || crop < 1 || clips < 1) {
            throw new ModelConfigException("input: frames, stride, shortSide, crop and clips must be positive");
        }
        if (crop > shortSide) {
            throw new ModelConfigException("input: crop " + crop + " must not exceed the short side " + shortSide);
        }
        if (crops != 0 && crops != 1 && crops != 3) {
            throw new ModelConfigException("input: crops must be 1, 3 or 0 (full frame), got " + crops);
        }
        if (targetFps != null && !(targetFps > 0 && Double.isFinite(targetFps))) {
            throw new ModelConfigException("input: targetFps must be positive, got " + targetFps);
        }
        if (denseInterval != null && !(denseInterval > 0 && Double.isFinite(denseInterval))) {
            throw new ModelConfigException("input: denseInterval must be positive seconds, got " + denseInterval);
        }
    }

    /** The defaults of the paper's Caffe2 code: 32 frames at stride 2, 10 clips x 3 crops of 224 at 256. */
    public static TestProtocol defaults() {
        return new TestProtocol(null, null, null, null, null, null, null, null, null, null);
    }

    /** Whether clips start every {@link #denseInterval} seconds rather than K per video. */
    public boolean dense() {
        return denseInterval != null;
    }

    /**
     * The code base whose test-time conventions a protocol follows: where the K clips start and where
     * the crops sit. Each follows its reference code exactly (the samplers and {@code Crop} cite it).
     */
    public enum Sampling {
        /** The paper's Caffe2 code (video-nonlocal-net). */
        @JsonProperty("caffe2")
        CAFFE2,
        /** PySlowFast. */
        @JsonProperty("pyslowfast")
        PYSLOWFAST,
        /** mmaction2. */
        @JsonProperty("mmaction2")
        MMACTION2
    }
}
