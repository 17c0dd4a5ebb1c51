package nlvideo.pipeline.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import nlvideo.model.Normalization;
import nlvideo.model.TestProtocol;
import nlvideo.pipeline.clip.ClipProtocol;
import nlvideo.pipeline.dataset.DatasetException;
import nlvideo.pipeline.dataset.LabelList;
import nlvideo.pipeline.dataset.VideoRef;
import nlvideo.pipeline.transform.ClipTensor;
import nlvideo.pipeline.video.DecodedFrames;
import nlvideo.pipeline.video.SampleVideos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training clips from real decoded files, checked against the decoded frames with plain loops. */
class TrainingClipsTest {
    static final LabelList LABELS = LabelList.of(List.of("a", "b"));
    // 4 frames at stride 3, 1 test clip, short side 48 (the stored size), crop 32
    static final ClipProtocol PROTOCOL = new ClipProtocol(
            new TestProtocol(4, 3, 48, 32, 1, 1, TestProtocol.Sampling.CAFFE2, null, null, Normalization.GREY));

    @TempDir
    static Path tmp;

    static ClipDataset dataset;

    @BeforeAll
    static void decode() throws Exception {
        SampleVideos.write(tmp.resolve("one.mp4"), SampleVideos.Format.H264_MP4, 64, 48, 10, 30);
        SampleVideos.write(tmp.resolve("two.avi"), SampleVideos.Format.MPEG4_AVI, 64, 48, 10, 20);
        java.nio.file.Files.writeString(tmp.resolve("broken.mp4"), "not a video");
        dataset = ClipDataset.decode(
                List.of(
                        new VideoRef("one", tmp.resolve("one.mp4").toString(), List.of("a")),
                        new VideoRef("broken", tmp.resolve("broken.mp4").toString(), List.of("b")),
                        new VideoRef("two", tmp.resolve("two.avi").toString(), List.of("b"))),
                LABELS,
                PROTOCOL,
                2);
    }

    @Test
    void everyFrameIsInMemoryAndUnreadableVideosAreReported() {
        assertEquals(2, dataset.size());
        assertEquals(
                List.of("one", "two"),
                dataset.videos().stream().map(v -> v.ref().videoId()).toList());
        assertEquals(
                List.of(0, 1),
                dataset.videos().stream().map(DecodedVideo::label).toList());
        assertEquals(1, dataset.failures().size());
        assertTrue(
                dataset.failures().get(0).startsWith("broken: "),
                dataset.failures().toString());
        DecodedVideo one = dataset.videos().get(0);
        assertEquals(30, one.frameCount());
        for (int i = 0; i < 30; i++) {
            assertTrue(one.frames().has(i), "frame " + i);
        }
        assertEquals(64, one.frames().width());
    }

    @Test
    void aRandomClipIsACropOfStridedFramesAndAPureFunctionOfTheSeed() {
        TrainingClips clips = new TrainingClips(PROTOCOL, false);
        DecodedVideo video = dataset.videos().get(0);
        Set<String> placements = new HashSet<>();
        for (long seed = 0; seed < 12; seed++) {
            ClipTensor clip = clips.random(video, seed);
            assertArrayEquals(clip.data(), clips.random(video, seed).data());
            assertEquals(32, clip.height());
            int[] found = locate(clip, video.frames(), 30);
            assertTrue(found != null, "seed " + seed + ": the clip is no crop of strided frames");
            placements.add(found[0] + "," + found[1] + "," + found[2]);
        }
        assertTrue(placements.size() > 6, "random clips barely vary: " + placements);
    }

    @Test
    void flipIsOptInAndMirrorsTheCrop() {
        DecodedVideo video = dataset.videos().get(1);
        TrainingClips plain = new TrainingClips(PROTOCOL, false);
        TrainingClips flipping = new TrainingClips(PROTOCOL, true);
        int mirrored = 0;
        for (long seed = 0; seed < 16; seed++) {
            ClipTensor a = plain.random(video, seed);
            ClipTensor b = flipping.random(video, seed);
            if (!java.util.Arrays.equals(a.data(), b.data())) {
                mirrored++;
                for (int c = 0; c < 3; c++) {
                    for (int t = 0; t < 4; t++) {
                        for (int y = 0; y < 32; y++) {
                            for (int x = 0; x < 32; x++) {
                                assertEquals(a.get(c, t, y, x), b.get(c, t, y, 31 - x));
                            }
                        }
                    }
                }
            }
        }
        assertTrue(mirrored > 2 && mirrored < 14, mirrored + " of 16 flipped");
    }

    @Test
    void anUnknownLabelIsATypedError() {
        assertThrows(
                DatasetException.class,
                () -> ClipDataset.decode(
                        List.of(new VideoRef("x", tmp.resolve("one.mp4").toString(), List.of("c"))),
                        LABELS,
                        PROTOCOL,
                        1));
    }

    /**
     * {first frame, y, x} such that clip(t) is the crop at (y, x) of frame i_t, with i_t rising by
     * 3 or 4 (T = 4 evenly spaced over a 12-frame span, PySlowFast's rounding), or null.
     */
    private static int[] locate(ClipTensor clip, DecodedFrames frames, int count) {
        for (int first = 0; first < count; first++) {
            for (int y = 0; y + 32 <= frames.height(); y++) {
                for (int x = 0; x + 32 <= frames.width(); x++) {
                    if (!matches(clip, 0, frames.frame(first), frames.width(), y, x)) {
                        continue;
                    }
                    int at = first;
                    for (int t = 1; t < 4 && at >= 0; t++) {
                        int next = -1;
                        for (int i = at + 3; i <= at + 4 && i < count; i++) {
                            if (matches(clip, t, frames.frame(i), frames.width(), y, x)) {
                                next = i;
                            }
                        }
                        at = next;
                    }
                    if (at >= 0) {
                        return new int[] {first, y, x};
                    }
                }
            }
        }
        return null;
    }

    private static boolean matches(ClipTensor clip, int t, byte[] rgb, int width, int y0, int x0) {
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    float expected = ((rgb[((y0 + y) * width + x0 + x) * 3 + c] & 0xff) - 114.75f) / 57.375f;
                    if (Math.abs(clip.get(c, t, y, x) - expected) > 1e-5f) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
