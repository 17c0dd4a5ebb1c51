package nlvideo.jobs.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import nlvideo.pipeline.video.SampleVideos;

/**
 * A folder for the poison-file tests of {@code probe}: good copies of one real H.264/MP4 file
 * ({@code v0.mp4}, {@code v1.mp4}, ...; {@value #FRAMES} frames) and copies under the names a
 * fault is injected on ({@link nlvideo.jobs.recovery.FaultInjection}).
 */
public final class PoisonInputs {

    /** Frames of every file. */
    public static final int FRAMES = 12;

    private PoisonInputs() {}

    /** Writes {@code good} good files and one copy named each of {@code poison} into {@code dir}. */
    public static Path write(Path dir, int good, String... poison) throws Exception {
        Files.createDirectories(dir);
        Path first = dir.resolve("v0.mp4");
        SampleVideos.write(first, SampleVideos.Format.H264_MP4, 64, 48, 25, FRAMES);
        for (int i = 1; i < good; i++) {
            Files.copy(first, dir.resolve("v" + i + ".mp4"));
        }
        for (String name : poison) {
            Files.copy(first, dir.resolve(name));
        }
        return dir;
    }

    /** Asserts that each of the {@code good} good files has its ok row, with its frame count, in {@code rows}. */
    public static void assertGoodFilesProbed(Map<String, JsonNode> rows, int good) {
        for (int i = 0; i < good; i++) {
            JsonNode r = rows.get("v" + i);
            assertEquals("ok", r.get("status").asText(), "v" + i + ": " + r);
            assertEquals(FRAMES, r.get("frame_count").asLong(), r.toString());
        }
    }
}
