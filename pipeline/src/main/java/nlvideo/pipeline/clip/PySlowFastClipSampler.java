package nlvideo.pipeline.clip;

import java.util.ArrayList;
import java.util.List;

/**
 * PySlowFast's test sampling (slowfast/datasets/decoder.py, get_start_end_idx and
 * temporal_sampling, with the video decoded whole): the clip spans T x s x fps / TARGET_FPS video
 * frames; with delta = max(N - span, 0), clip j of K starts at delta x j / K and ends span - 1
 * later; T indices are spread evenly from start to end ({@code torch.linspace} in float32),
 * clamped to [0, N - 1] and truncated to integers. Short videos repeat their last frame.
 *
 * <p>Set {@link SamplingParams#targetFps()} to 30 for PySlowFast's Kinetics configs; 0 samples on
 * the video's own frames.
 *
 * @param params frames per clip, stride, K and the target fps
 */
public record PySlowFastClipSampler(SamplingParams params) implements ClipSampler {

    @Override
    public List<ClipWindow> sample(int frameCount, double fps) {
        ClipSampler.requireFrames(frameCount);
        int k = params.numClips();
        double span = params.clipSpan(fps);
        double delta = Math.max(frameCount - span, 0);
        List<ClipWindow> clips = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            double start = delta * j / k;
            clips.add(new ClipWindow(j, evenlySpaced(start, start + span - 1, params.framesPerClip(), frameCount)));
        }
        return clips;
    }

    /**
     * T indices from start to end inclusive, computed as torch.linspace does in float32 (forward
     * from start for the first half, backward from end for the second), clamped and truncated.
     */
    static int[] evenlySpaced(double start, double end, int count, int frameCount) {
        float s = (float) start;
        float e = (float) end;
        int[] idx = new int[count];
        if (count == 1) {
            idx[0] = clampToIndex(s, frameCount);
            return idx;
        }
        float step = (e - s) / (count - 1);
        int halfway = count / 2;
        for (int i = 0; i < count; i++) {
            float v = i < halfway ? s + step * i : e - step * (count - i - 1);
            idx[i] = clampToIndex(v, frameCount);
        }
        return idx;
    }

    private static int clampToIndex(float v, int frameCount) {
        float c = Math.min(Math.max(v, 0f), frameCount - 1);
        return (int) c;
    }
}
