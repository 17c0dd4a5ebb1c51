package nlvideo.pipeline.clip;

import java.util.ArrayList;
import java.util.List;

/**
 * The test protocol of the paper's code (facebookresearch/video-nonlocal-net, multi-clip testing):
 * clip j of K starts at floor(N x j / K) and takes T frames at stride s; an index past the end
 * wraps to the start ("periodic sampling", {@code i % sampledFrames.size()} in its
 * DecodeClipFromMemoryBuffer), so short videos loop instead of failing.
 */
public final class Caffe2ClipSampler implements ClipSampler {
    private static final long serialVersionUID = 1L;
    private final SamplingParams params;

    public Caffe2ClipSampler(SamplingParams params) {
        this.params = params;
    }

    @Override
    public List<ClipWindow> sample(int frameCount, double fps) {
        ClipSampler.requireFrames(frameCount);
        int k = params.numClips();
        double stride = params.videoStride(fps);
        List<ClipWindow> clips = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            long start = (long) frameCount * j / k;
            clips.add(ClipWindow.wrapping(j, start, stride, params.framesPerClip(), frameCount));
        }
        return clips;
    }
}
