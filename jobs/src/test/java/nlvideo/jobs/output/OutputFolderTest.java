package nlvideo.jobs.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of {@link OutputFolder}: what may be replaced, what never, and what a resume must match. */
class OutputFolderTest {

    @TempDir
    Path tmp;

    private Path earlierJob(String name) throws Exception {
        Path dir = tmp.resolve(name);
        OutputFolder.claim(dir, OutputFolder.Mode.NEW, "classify", Map.of("input", "/videos"));
        Files.createDirectories(dir.resolve("predictions"));
        Files.writeString(dir.resolve("predictions/part-0.json"), "{}\n");
        return dir;
    }

    @Test
    void newOrEmptyFoldersAreAlwaysUsable() throws Exception {
        OutputFolder.check("--output", tmp.resolve("absent"), OutputFolder.Mode.NEW, List.of());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        OutputFolder.check("--output", empty, OutputFolder.Mode.NEW, List.of());
        OutputFolder.check("--output", empty, OutputFolder.Mode.OVERWRITE, List.of(empty));
        OutputFolder folder = OutputFolder.claim(empty, OutputFolder.Mode.NEW, "probe", Map.of());
        assertTrue(OutputFolder.isMarked(folder.dir()));
    }

    @Test
    void aFolderWithFilesIsRefusedWithoutOverwrite() throws Exception {
        Path job = earlierJob("job");
        OutputFolderException e = assertThrows(
                OutputFolderException.class,
                () -> OutputFolder.check("--output", job, OutputFolder.Mode.NEW, List.of()));
        assertTrue(e.getMessage().contains("--overwrite") && e.getMessage().contains("--resume"), e.getMessage());
        Path file = Files.writeString(tmp.resolve("file"), "x");
        e = assertThrows(
                OutputFolderException.class,
                () -> OutputFolder.check("--output", file, OutputFolder.Mode.OVERWRITE, List.of()));
        assertTrue(e.getMessage().contains("is a file"), e.getMessage());
    }

    @Test
    void overwriteReplacesAnEarlierJobsFolder() throws Exception {
        Path job = earlierJob("job");
        Path inputElsewhere = Files.writeString(tmp.resolve("video.mp4"), "v");
        OutputFolder.check("--output", job, OutputFolder.Mode.OVERWRITE, List.of(inputElsewhere, tmp.resolve("gone")));
        OutputFolder.claim(job, OutputFolder.Mode.OVERWRITE, "probe", Map.of("input", "x"));
        assertFalse(Files.exists(job.resolve("predictions")), "the earlier job's tables are gone");
        JsonNode marker =
                new ObjectMapper().readTree(job.resolve(OutputFolder.MARKER).toFile());
        assertEquals("probe", marker.get("command").asText());
        assertTrue(Files.exists(inputElsewhere));
    }

    @Test
    void overwriteNeverDeletesAFolderNlvideoDidNotWrite() throws Exception {
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Path precious = Files.writeString(mine.resolve("thesis.tex"), "precious");
        OutputFolderException e = assertThrows(
                OutputFolderException.class,
                () -> OutputFolder.check("--output", mine, OutputFolder.Mode.OVERWRITE, List.of()));
        assertTrue(e.getMessage().contains("not written by nlvideo"), e.getMessage());
        assertEquals("precious", Files.readString(precious));
    }

    @Test
    void overwriteNeverDeletesAFolderThatIsOrHoldsAnInput() throws Exception {
        Path job = earlierJob("job");
        Path video = Files.writeString(
                Files.createDirectories(job.resolve("deep/er")).resolve("v.mp4"), "v");
        for (Path input : List.of(video, job, job.resolve("deep"), job.resolve("deep/../deep/er/v.mp4"))) {
            OutputFolderException e = assertThrows(
                    OutputFolderException.class,
                    () -> OutputFolder.check("--output", job, OutputFolder.Mode.OVERWRITE, List.of(input)));
            assertTrue(e.getMessage().contains("holds an input"), e.getMessage());
        }
        // named through a link to it, the video is still the folder's
        Path link = Files.createSymbolicLink(tmp.resolve("link-to-video.mp4"), video);
        assertThrows(
                OutputFolderException.class,
                () -> OutputFolder.check("--output", job, OutputFolder.Mode.OVERWRITE, List.of(link)));
        assertTrue(Files.exists(video));
    }

    @Test
    void overwriteRefusesALinkToAFolder() throws Exception {
        Path job = earlierJob("job");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), job);
        OutputFolderException e = assertThrows(
                OutputFolderException.class,
                () -> OutputFolder.check("--output", link, OutputFolder.Mode.OVERWRITE, List.of()));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertTrue(Files.exists(job.resolve("predictions/part-0.json")));
    }

    @Test
    void resumeNeedsTheSameCommandAndSettings() throws Exception {
        Path job = earlierJob("job");
        OutputFolder.check("--output", job, OutputFolder.Mode.RESUME, List.of());
        OutputFolder.claim(job, OutputFolder.Mode.RESUME, "classify", Map.of("input", "/videos"));
        assertTrue(Files.exists(job.resolve("predictions/part-0.json")), "resume keeps what is there");

        OutputFolderException other = assertThrows(
                OutputFolderException.class,
                () -> OutputFolder.claim(job, OutputFolder.Mode.RESUME, "classify", Map.of("input", "/elsewhere")));
        assertTrue(other.getMessage().contains("input was /videos, now /elsewhere"), other.getMessage());
        OutputFolderException command = assertThrows(
                OutputFolderException.class,
                () -> OutputFolder.claim(job, OutputFolder.Mode.RESUME, "evaluate", Map.of("input", "/videos")));
        assertTrue(command.getMessage().contains("classify job, not evaluate"), command.getMessage());

        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("x"), "x");
        assertThrows(
                OutputFolderException.class,
                () -> OutputFolder.check("--output", foreign, OutputFolder.Mode.RESUME, List.of()));
    }
}
