package nlvideo.pipeline.clip;

import java.io.Serializable;
import java.util.List;
import nlvideo.model.TestProtocol;

/**
 * Chooses the clip windows of one video from its frame count. Each implementation follows one
 * reference code base exactly, because the published accuracies were measured with that
 * protocol; {@link #of} picks one by the code base a model preset names.
 */
public interface ClipSampler extends Serializable {

    /**
     * The clip windows of a video of {@code frameCount} frames at {@code fps} frames per second.
     *
     * @throws IllegalArgumentException if frameCount &lt; 1
     */
    List<ClipWindow> sample(int frameCount, double fps);

    /**
     * The K-clip test sampler of a reference code base.
     *
     * @param sampling whose convention: the paper's Caffe2 code, PySlowFast or mmaction2
     */
    static ClipSampler of(TestProtocol.Sampling sampling, SamplingParams params) {
        return switch (sampling) {
            case CAFFE2 -> new Caffe2ClipSampler(params);
            case PYSLOWFAST -> new PySlowFastClipSampler(params);
            case MMACTION2 -> new MmAction2ClipSampler(params);
        };
    }

    /** Throws unless the video has a frame. */
    static void requireFrames(int frameCount) {
        if (frameCount < 1) {
            throw new IllegalArgumentException("a video needs at least one frame, got " + frameCount);
        }
    }
}
