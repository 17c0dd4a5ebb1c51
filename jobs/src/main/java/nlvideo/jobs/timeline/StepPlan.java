package nlvideo.jobs.timeline;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import nlvideo.jobs.classify.ClassifyJob;
import nlvideo.pipeline.clip.ClipWindow;
import nlvideo.pipeline.clip.SamplingParams;
import nlvideo.pipeline.video.VideoInfo;

/**
 * The timeline's dense clips, planned in seconds so that any frame rate, constant or variable, is
 * right. Step k of a video covers [k x step, min((k + 1) x step, duration)) seconds; its scores
 * come from one clip of T frames (the preset's {@code frames}) spread evenly over a window of
 * {@code window} seconds centred on the step, shifted inside the video near its ends. Clip index
 * k is step k.
 *
 * <p>The window defaults to the preset's clip span: T x stride frames of the preset's target
 * rate, or of the video's own rate when the preset has none (as its test protocol samples).
 * Frame i of the decoder's timeline is the frame on screen at i / avgFps seconds
 * ({@link nlvideo.pipeline.video.VideoDecoder}), so a time t is frame round(t x avgFps).
 *
 * <p>A video's duration is its frame count over its average rate (the length of the decoder's
 * timeline), or the header's duration when either is unknown. The plan remembers the duration of
 * every video it planned, by path, for the step times of the job's tables.
 */
public final class StepPlan implements ClassifyJob.ClipPlan, Serializable {

    private final double step;
    private final double window;
    private final SamplingParams params;
    private final Map<String, Double> durations = new ConcurrentHashMap<>();

    /**
     * @param step seconds between step starts, > 0
     * @param window seconds one clip spans, > 0, or 0 for the preset's span
     * @param params the preset's T, stride and target fps
     * @throws IllegalArgumentException for a step <= 0 or a negative window
     */
    public StepPlan(double step, double window, SamplingParams params) {
        if (!(step > 0) || Double.isInfinite(step)) {
            throw new IllegalArgumentException("step must be a positive number of seconds, got " + step);
        }
        if (!(window >= 0) || Double.isInfinite(window)) {
            throw new IllegalArgumentException("window must be >= 0 seconds, got " + window);
        }
        this.step = step;
        this.window = window;
        this.params = params;
    }

    public double step() {
        return step;
    }

    /** Seconds one clip spans in a video of {@code fps} frames per second. */
    public double windowSeconds(double fps) {
        return window > 0 ? window : params.clipSpan(fps) / fps;
    }

    /** The length of a video's timeline in seconds (see the class comment); 0 when unknown. */
    public static double duration(VideoInfo info) {
        if (info.frameCount() > 0 && info.avgFps() > 0) {
            return info.frameCount() / info.avgFps();
        }
        return Math.max(0, info.durationSeconds());
    }

    /** Steps of a video of {@code duration} seconds: the last one may be shorter; at least one. */
    public int steps(double duration) {
        return Math.max(1, (int) Math.ceil(duration / step - 1e-9));
    }

    /** Start of step k in seconds. */
    public double start(int k) {
        return k * step;
    }

    /** End of step k in seconds, at most the video's end. */
    public double end(int k, double duration) {
        return Math.min((k + 1) * step, Math.max(duration, start(k)));
    }

    /**
     * One clip per step.
     *
     * @throws IllegalArgumentException for a video without frames or frame rate
     */
    @Override
    public List<ClipWindow> windows(VideoInfo info) {
        double fps = info.avgFps();
        if (!(fps > 0) || info.frameCount() < 1) {
            throw new IllegalArgumentException("a timeline needs the video's frame rate and at least one frame, got "
                    + fps + " fps and " + info.frameCount() + " frames");
        }
        int frames = (int) Math.min(Integer.MAX_VALUE, info.frameCount());
        double duration = duration(info);
        durations.put(info.path(), duration);
        double span = windowSeconds(fps);
        int t = params.framesPerClip();
        double strideFrames = span * fps / t;
        int n = steps(duration);
        List<ClipWindow> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            double centre = (start(k) + end(k, duration)) / 2;
            double begin = Math.max(0, Math.min(centre - span / 2, duration - span));
            long first = Math.round(begin * fps);
            int[] idx = new int[t];
            for (int i = 0; i < t; i++) {
                idx[i] = (int) Math.min(first + (long) Math.floor(i * strideFrames + 1e-9), frames - 1);
            }
            out.add(new ClipWindow(k, idx));
        }
        return out;
    }

    /** The duration of every video planned so far, by the path its {@link VideoInfo} names. */
    public Map<String, Double> durations() {
        return Map.copyOf(durations);
    }
}
