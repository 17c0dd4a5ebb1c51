package nlvideo.pipeline.clip;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training-time temporal jitter as in PySlowFast (get_start_end_idx with clip_idx = -1): each clip
 * starts uniformly at random in [0, max(N - span, 0)] and takes T evenly spaced, clamped indices.
 * Seeded (by {@link SamplingParams#seed()} and the frame count), so a re-run task samples the same
 * clips; callers wanting different clips per epoch or per video vary the seed.
 *
 * @param params frames per clip, stride, optional target fps, K and the seed
 */
public record RandomClipSampler(SamplingParams params) implements ClipSampler {

    @Override
    public List<ClipWindow> sample(int frameCount, double fps) {
        ClipSampler.requireFrames(frameCount);
        SplittableRandom random = new SplittableRandom(params.seed() * 1_000_003L + frameCount);
        double span = params.clipSpan(fps);
        double delta = Math.max(frameCount - span, 0);
        List<ClipWindow> clips = new ArrayList<>(params.numClips());
        for (int j = 0; j < params.numClips(); j++) {
            double start = random.nextDouble() * delta;
            clips.add(new ClipWindow(
                    j,
                    PySlowFastClipSampler.evenlySpaced(start, start + span - 1, params.framesPerClip(), frameCount)));
        }
        return clips;
    }
}
