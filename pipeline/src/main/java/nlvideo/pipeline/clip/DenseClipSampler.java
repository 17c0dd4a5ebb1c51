package nlvideo.pipeline.clip;

import java.util.ArrayList;
import java.util.List;

/**
 * Dense sampling of long videos for feature extraction: a clip starts every
 * {@link SamplingParams#denseIntervalSeconds()} seconds (clip c at frame round(c x interval x fps))
 * for as long as a whole clip fits; a video shorter than one clip still gives one clip, its
 * indices clamped to the last frame. {@code numClips} is ignored: the count follows the duration.
 *
 * @param params frames per clip, stride, optional target fps and the interval in seconds
 */
public record DenseClipSampler(SamplingParams params) implements ClipSampler {

    @Override
    public List<ClipWindow> sample(int frameCount, double fps) {
        ClipSampler.requireFrames(frameCount);
        if (!(fps > 0)) {
            throw new IllegalArgumentException("dense sampling needs the video's fps, got " + fps);
        }
        double stride = params.videoStride(fps);
        int lastOffset = (int) Math.floor((params.framesPerClip() - 1) * stride);
        List<ClipWindow> clips = new ArrayList<>();
        for (int c = 0; ; c++) {
            long start = Math.round(c * params.denseIntervalSeconds() * fps);
            if (c > 0 && start + lastOffset >= frameCount) {
                break;
            }
            int[] idx = new int[params.framesPerClip()];
            for (int t = 0; t < idx.length; t++) {
                idx[t] = (int) Math.min(start + (long) Math.floor(t * stride), frameCount - 1);
            }
            clips.add(new ClipWindow(c, idx));
        }
        return clips;
    }
}
