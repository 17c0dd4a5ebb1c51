package nlvideo.pipeline.clip;

import java.io.Serializable;

/**
 * The temporal sampling settings of a model preset: T frames per clip at stride s, K clips per
 * video, optionally an fps the stride refers to (PySlowFast's TARGET_FPS 30: a stride of 8 at 30
 * fps spans the same time in a 60 fps video), a seed for training-time random sampling, and the
 * clip spacing in seconds for dense feature extraction.
 *
 * @param framesPerClip T
 * @param stride s, in frames of the target rate (or of the video when targetFps is 0)
 * @param numClips K
 * @param targetFps 0 to sample on the video's own frames, else the rate the stride refers to
 * @param denseIntervalSeconds spacing of clip starts for the dense sampler
 * @param seed seed of the random sampler
 */
public record SamplingParams(
        int framesPerClip, int stride, int numClips, double targetFps, double denseIntervalSeconds, long seed)
        implements Serializable {

    public SamplingParams {
        if (framesPerClip < 1) {
            throw new IllegalArgumentException("framesPerClip must be >= 1, got " + framesPerClip);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be >= 1, got " + stride);
        }
        if (numClips < 1) {
            throw new IllegalArgumentException("numClips must be >= 1, got " + numClips);
        }
        if (targetFps < 0) {
            throw new IllegalArgumentException("targetFps must be >= 0, got " + targetFps);
        }
        if (denseIntervalSeconds <= 0) {
            throw new IllegalArgumentException("denseIntervalSeconds must be > 0, got " + denseIntervalSeconds);
        }
    }

    /** T frames at stride s, K clips; no fps resampling, dense spacing 1 s, seed 0. */
    public static SamplingParams of(int framesPerClip, int stride, int numClips) {
        return new SamplingParams(framesPerClip, stride, numClips, 0, 1.0, 0);
    }

    /** The same with the stride counted in frames of {@code fps} (0: the video's own frames). */
    public SamplingParams withTargetFps(double fps) {
        return new SamplingParams(framesPerClip, stride, numClips, fps, denseIntervalSeconds, seed);
    }

    /** The same with dense clips {@code seconds} apart. */
    public SamplingParams withDenseInterval(double seconds) {
        return new SamplingParams(framesPerClip, stride, numClips, targetFps, seconds, seed);
    }

    /** The same with another seed for the random sampler. */
    public SamplingParams withSeed(long newSeed) {
        return new SamplingParams(framesPerClip, stride, numClips, targetFps, denseIntervalSeconds, newSeed);
    }

    /**
     * The distance in video frames between two consecutive clip frames: s, or s x videoFps /
     * targetFps when resampling.
     */
    public double videoStride(double videoFps) {
        return targetFps > 0 && videoFps > 0 ? stride * videoFps / targetFps : stride;
    }

    /** Frames of the video one clip spans: T x (video stride). */
    public double clipSpan(double videoFps) {
        return framesPerClip * videoStride(videoFps);
    }
}
