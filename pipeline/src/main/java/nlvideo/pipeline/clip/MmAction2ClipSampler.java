package nlvideo.pipeline.clip;

import java.util.ArrayList;
import java.util.List;

/**
 * mmaction2's test sampling ({@code SampleFrames} with test_mode, 3D recognizer, its
 * {@code _get_test_clips}): with L = T x s and max_offset = max(N - L, 0), clip j of K starts at
 * round(j x max_offset / (K - 1)) (numpy's round: halves to even), or max_offset // 2 when K = 1;
 * frame t is start + t x s, and indices past the end loop modulo N (out_of_bound_opt 'loop', the
 * default).
 *
 * @param params frames per clip, stride (video frames) and K
 */
public record MmAction2ClipSampler(SamplingParams params) implements ClipSampler {

    @Override
    public List<ClipWindow> sample(int frameCount, double fps) {
        ClipSampler.requireFrames(frameCount);
        int k = params.numClips();
        double stride = params.videoStride(fps);
        double span = params.clipSpan(fps);
        double maxOffset = Math.max(frameCount - span, 0);
        List<ClipWindow> clips = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            long start = k > 1 ? (long) Math.rint(j * (maxOffset / (k - 1))) : (long) Math.floor(maxOffset / 2);
            clips.add(ClipWindow.wrapping(j, start, stride, params.framesPerClip(), frameCount));
        }
        return clips;
    }
}
