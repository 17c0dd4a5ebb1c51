package nlvideo.pipeline.clip;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the clip windows of one video from its frame count. Each implementation follows one
 * reference code base exactly, because the published accuracies were measured with that
 * protocol; {@link #byName} picks one by the name model presets use.
 */
public interface ClipSampler extends Serializable {

    /**
     * The clip windows of a video of {@code frameCount} frames at {@code fps} frames per second.
     *
     * @throws IllegalArgumentException if frameCount < 1
     */
    List<ClipWindow> sample(int frameCount, double fps);

    /** The sampler's name, as accepted by {@link #byName}. */
    String name();

    /** The settings this sampler uses. */
    SamplingParams params();

    /** Names accepted by {@link #byName}. */
    List<String> NAMES = List.of("caffe2", "pyslowfast", "mmaction2", "random", "dense");

    /** "caffe2", "pyslowfast", "mmaction2", "random" or "dense" (case-insensitive). */
    static ClipSampler byName(String name, SamplingParams params) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "caffe2" -> new Caffe2ClipSampler(params);
            case "pyslowfast" -> new PySlowFastClipSampler(params);
            case "mmaction2" -> new MmAction2ClipSampler(params);
            case "random" -> new RandomClipSampler(params);
            case "dense" -> new DenseClipSampler(params);
            default ->
                throw new IllegalArgumentException(
                        "unknown clip sampler '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }

    /** Throws unless the video has a frame. */
    static void requireFrames(int frameCount) {
        if (frameCount < 1) {
            throw new IllegalArgumentException("a video needs at least one frame, got " + frameCount);
        }
    }
}
