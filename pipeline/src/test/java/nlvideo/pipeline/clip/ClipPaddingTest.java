package nlvideo.pipeline.clip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import nlvideo.model.TestProtocol;
import org.junit.jupiter.api.Test;

class ClipPaddingTest {

    /** Positions whose unwrapped index start + floor(t x s) lies past the video: computed apart from the rule. */
    private static int pastTheEnd(long start, double stride, int frames, int n) {
        int past = 0;
        for (int t = 0; t < frames; t++) {
            if (start + (long) Math.floor(t * stride) >= n) {
                past++;
            }
        }
        return past;
    }

    @Test
    void wrappingSamplersCountEveryWrappedPosition() {
        for (TestProtocol.Sampling name : List.of(TestProtocol.Sampling.CAFFE2, TestProtocol.Sampling.MMACTION2)) {
            for (int n : new int[] {1, 3, 10, 40, 63, 64, 300}) {
                SamplingParams params = SamplingParams.of(32, 2, 10);
                List<ClipWindow> clips = ClipSampler.of(name, params).sample(n, 30);
                for (ClipWindow w : clips) {
                    int start = w.frameIndex(0);
                    assertEquals(
                            pastTheEnd(start, 2, 32, n),
                            ClipPadding.count(w, 2, n - 1),
                            name + " n=" + n + " clip " + w.clipIndex());
                }
            }
        }
    }

    @Test
    void clampedSamplersCountRepeatsOfTheLastFrame() {
        // dense at stride 1: indices start + t clamped to n - 1; n - 1 itself is a real position
        SamplingParams params = SamplingParams.of(16, 1, 1);
        for (int n : new int[] {1, 5, 15, 16, 40}) {
            ClipWindow w = new DenseClipSampler(params).sample(n, 30).get(0);
            assertEquals(pastTheEnd(0, 1, 16, n), ClipPadding.count(w, 1, n - 1), "dense n=" + n);
        }
        // pyslowfast on a long enough video: nothing repeats
        ClipWindow whole = ClipSampler.of(TestProtocol.Sampling.PYSLOWFAST, SamplingParams.of(8, 8, 3))
                .sample(200, 30)
                .get(2);
        assertEquals(0, ClipPadding.count(whole, 8, 199));
    }

    @Test
    void indicesPastTheRealEndArePadded() {
        // the header said 100 frames, 60 decoded: indices 60.. repeat frame 59
        ClipWindow w = new ClipWindow(0, new int[] {40, 50, 60, 70, 80});
        assertEquals(3, ClipPadding.count(w, 10, 59));
        assertEquals(0, ClipPadding.count(w, 10, 99));
    }

    @Test
    void repeatsExplainedByAHigherTargetRateAreNotPadding() {
        // a 15 fps video sampled at a target of 30 fps, stride 1: each frame fills two positions
        ClipWindow w = new ClipWindow(0, new int[] {0, 0, 1, 1, 2, 2, 2, 2});
        assertEquals(2, ClipPadding.count(w, 0.5, 2), "the last frame held past its two positions");
    }
}
