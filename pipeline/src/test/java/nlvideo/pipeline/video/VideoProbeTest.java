package nlvideo.pipeline.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoProbeTest {
    @TempDir
    static Path dir;

    static List<SampleVideos.Sample> samples;

    @BeforeAll
    static void writeSamples() throws Exception {
        samples = SampleVideos.writeAssorted(dir);
    }

    @Test
    void everySampleProbesAsExpected() {
        for (SampleVideos.Sample s : samples) {
            Path p = dir.resolve(s.name());
            if (s.expectedError() == null) {
                try {
                    VideoInfo info = VideoProbe.probe(p);
                    assertTrue(info.width() > 0 && info.height() > 0, s.name());
                } catch (VideoException e) {
                    throw new AssertionError(s.name() + " should probe, got " + e.kind() + ": " + e.getMessage(), e);
                }
            } else {
                VideoException e = assertThrows(VideoException.class, () -> VideoProbe.probe(p), s.name());
                assertEquals(s.expectedError(), e.kind(), s.name() + ": " + e.getMessage());
                assertTrue(e.getMessage().contains(s.name()), "message names the file: " + e.getMessage());
            }
        }
    }

    @Test
    void h264Mp4Fields() throws Exception {
        VideoInfo info = VideoProbe.probe(dir.resolve("h264.mp4"));
        assertEquals("h264", info.codec());
        assertTrue(info.container().contains("mp4"), info.container());
        assertEquals(160, info.width());
        assertEquals(120, info.height());
        assertEquals(0, info.rotation());
        assertEquals(30.0, info.avgFps(), 1e-6);
        assertEquals(45, info.frameCount());
        assertFalse(info.frameCountEstimated());
        assertEquals(FrameCountSource.HEADER, info.frameCountSource());
        assertEquals(0, info.streamIndex());
        assertEquals("1:1", info.sampleAspectRatio());
        assertEquals(ColorMatrix.BT601, info.colorMatrix(), "untagged SD");
        assertEquals(ColorRange.LIMITED, info.colorRange());
        assertEquals(FieldOrder.PROGRESSIVE, info.fieldOrder());
        assertEquals(1.5, info.durationSeconds(), 0.05);
        assertEquals("yuv420p", info.pixelFormat());
        assertFalse(info.hasAudio());
    }

    @Test
    void otherCodecsAndContainers() throws Exception {
        assertEquals("mpeg4", VideoProbe.probe(dir.resolve("mpeg4.avi")).codec());
        assertEquals("vp9", VideoProbe.probe(dir.resolve("vp9.webm")).codec());
        VideoInfo mjpeg = VideoProbe.probe(dir.resolve("mjpeg.avi"));
        assertEquals("mjpeg", mjpeg.codec());
        assertEquals(30, mjpeg.frameCount());
        assertEquals(ColorRange.FULL, mjpeg.colorRange(), "MJPEG's yuvj pixel format is full range");
        VideoInfo mkv = VideoProbe.probe(dir.resolve("mpeg4.mkv"));
        assertTrue(mkv.frameCountEstimated(), "matroska stores no frame count");
        assertEquals(40, mkv.frameCount(), 1);
    }

    @Test
    void oddSizeAndRotation() throws Exception {
        VideoInfo odd = VideoProbe.probe(dir.resolve("odd-321x241.avi"));
        // the recorder rounds coded sizes up to even
        assertEquals(322, odd.width());
        assertEquals(242, odd.height());
        VideoInfo portrait = VideoProbe.probe(dir.resolve("portrait-rotated.mp4"));
        assertEquals(90, portrait.rotation());
        assertEquals(96, portrait.width(), "width is as displayed");
        assertEquals(160, portrait.height());
    }

    @Test
    void audioAndOneFrame() throws Exception {
        assertTrue(VideoProbe.probe(dir.resolve("with-audio.mp4")).hasAudio());
        assertEquals(1, VideoProbe.probe(dir.resolve("one-frame.mp4")).frameCount());
    }

    @Test
    void missingFile() {
        VideoException e = assertThrows(VideoException.class, () -> VideoProbe.probe(dir.resolve("nope.mp4")));
        assertEquals(VideoErrorKind.NOT_FOUND, e.kind());
        assertEquals("not_found", e.kind().code());
    }

    @Test
    void danglingSymbolicLinkIsNotFound() throws Exception {
        Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("gone.mp4"), dir.resolve("missing.mp4"));
        VideoException e = assertThrows(VideoException.class, () -> VideoProbe.probe(link));
        assertEquals(VideoErrorKind.NOT_FOUND, e.kind());
        assertTrue(e.getMessage().contains("symbolic link") && e.getMessage().contains("missing.mp4"), e.getMessage());
    }

    @Test
    void directoryIsUnreadable() {
        VideoException e = assertThrows(VideoException.class, () -> VideoProbe.probe(dir));
        assertEquals(VideoErrorKind.UNREADABLE, e.kind());
    }
}
