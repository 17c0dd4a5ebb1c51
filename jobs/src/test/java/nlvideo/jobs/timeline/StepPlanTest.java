package nlvideo.jobs.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nlvideo.pipeline.clip.ClipWindow;
import nlvideo.pipeline.clip.SamplingParams;
import nlvideo.pipeline.video.ColorMatrix;
import nlvideo.pipeline.video.ColorRange;
import nlvideo.pipeline.video.FieldOrder;
import nlvideo.pipeline.video.FrameCountSource;
import nlvideo.pipeline.video.VideoInfo;
import org.junit.jupiter.api.Test;

/** The timeline's clips are placed in seconds: one per step, centred on it, any frame rate. */
class StepPlanTest {

    private static VideoInfo video(String path, double fps, long frames) {
        return new VideoInfo(
                path,
                "mp4",
                "h264",
                0,
                64,
                64,
                1,
                1,
                64,
                64,
                0,
                fps,
                fps,
                frames / fps,
                frames,
                FrameCountSource.HEADER,
                "yuv420p",
                ColorMatrix.BT601,
                ColorRange.LIMITED,
                FieldOrder.PROGRESSIVE,
                false);
    }

    @Test
    void oneClipPerStepCentredOnItAndInsideTheVideo() {
        StepPlan plan = new StepPlan(1.0, 0, SamplingParams.of(16, 2, 1));
        List<ClipWindow> clips = plan.windows(video("a.mp4", 30, 300)); // 10 s
        assertEquals(10, clips.size());
        double span = 32 / 30.0; // the preset's span: 16 frames at stride 2 of the video's rate
        for (int k = 0; k < clips.size(); k++) {
            ClipWindow w = clips.get(k);
            assertEquals(k, w.clipIndex());
            assertEquals(16, w.length());
            for (int t = 1; t < 16; t++) {
                assertEquals(2, w.frameIndex(t) - w.frameIndex(t - 1), "stride in clip " + k);
            }
            double startTime = w.frameIndex(0) / 30.0;
            // centred on the step, shifted inside the video at its two ends
            double expectedStart = Math.max(0, Math.min(k + 0.5 - span / 2, 10 - span));
            assertEquals(expectedStart, startTime, 0.5 / 30 + 1e-9, "clip " + k + " is centred on its step");
            assertTrue(w.minIndex() >= 0 && w.maxIndex() < 300);
        }
        assertEquals(Double.valueOf(10.0), plan.durations().get("a.mp4"));
    }

    @Test
    void aGivenWindowCoversTheSameSecondsAtAnyFrameRate() {
        StepPlan plan = new StepPlan(0.5, 2.0, SamplingParams.of(8, 4, 1));
        List<ClipWindow> at25 = plan.windows(video("a.mp4", 25, 250));
        List<ClipWindow> at60 = plan.windows(video("b.mp4", 60, 600));
        assertEquals(20, at25.size());
        assertEquals(20, at60.size());
        for (int k = 0; k < 20; k++) {
            for (int t = 0; t < 8; t++) {
                double a = at25.get(k).frameIndex(t) / 25.0;
                double b = at60.get(k).frameIndex(t) / 60.0;
                // both are the frame on screen at the same time, to within one frame of either rate
                assertEquals(a, b, 1 / 25.0 + 1e-9, "step " + k + " frame " + t);
            }
            // 8 frames over 2 s: the last one 7/8 of the window after the first
            double first = at60.get(k).frameIndex(0) / 60.0;
            double last = at60.get(k).frameIndex(7) / 60.0;
            assertEquals(1.75, last - first, 1 / 60.0 + 1e-9);
        }
    }

    @Test
    void aPartialLastStepEndsWithTheVideoAndShortVideosGetOneClampedClip() {
        StepPlan plan = new StepPlan(1.0, 0, SamplingParams.of(16, 2, 1));
        assertEquals(11, plan.windows(video("a.mp4", 20, 210)).size()); // 10.5 s
        assertEquals(10.5, plan.end(10, 10.5), 1e-12);
        assertEquals(10.0, plan.start(10), 1e-12);
        List<ClipWindow> tiny = plan.windows(video("b.mp4", 16, 5)); // shorter than one clip
        assertEquals(1, tiny.size());
        assertEquals(0, tiny.get(0).minIndex());
        assertEquals(4, tiny.get(0).maxIndex());
    }

    @Test
    void badStepsAreRefused() {
        SamplingParams p = SamplingParams.of(8, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> new StepPlan(0, 0, p));
        assertThrows(IllegalArgumentException.class, () -> new StepPlan(-1, 0, p));
        assertThrows(IllegalArgumentException.class, () -> new StepPlan(1, -2, p));
        assertThrows(IllegalArgumentException.class, () -> new StepPlan(1, 0, p).windows(video("c.mp4", 0, 10)));
    }
}
