package nlvideo.pipeline.clip;

import java.util.ArrayList;
import java.util.List;

/**
 * The test protocol of the paper's code (facebookresearch/video-nonlocal-net,
 * {@code caffe2_customized_ops/video/customized_video_io.cc}, {@code DecodeClipFromVideoFileFlex}):
 * clip j of K starts at {@code (int) ((float) N / (float) K * j) % N}, computed in float32 as the
 * reference does (for K = 10 this is always floor(N x j / K), for other K the float32 rounding can
 * give one frame less), and takes T frames at stride s; an index past the end wraps to the start
 * ("periodic sampling", {@code i % sampledFrames.size()}), so short videos loop instead of failing.
 *
 * @param params frames per clip, stride (video frames) and K
 */
public record Caffe2ClipSampler(SamplingParams params) implements ClipSampler {

    @Override
    public List<ClipWindow> sample(int frameCount, double fps) {
        ClipSampler.requireFrames(frameCount);
        int k = params.numClips();
        double stride = params.videoStride(fps);
        List<ClipWindow> clips = new ArrayList<>(k);
        float frameGaps = (float) frameCount / (float) k;
        for (int j = 0; j < k; j++) {
            long start = ((int) (frameGaps * j)) % frameCount;
            clips.add(ClipWindow.wrapping(j, start, stride, params.framesPerClip(), frameCount));
        }
        return clips;
    }
}
