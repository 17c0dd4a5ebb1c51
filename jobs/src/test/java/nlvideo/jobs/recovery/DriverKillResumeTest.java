package nlvideo.jobs.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nlvideo.jobs.Main;
import nlvideo.jobs.cluster.Scripts;
import nlvideo.jobs.output.JsonTables;
import nlvideo.jobs.output.OutputFolder;
import nlvideo.pipeline.video.SampleVideos;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole promise of {@code --resume}: {@code scripts/nlvideo classify} runs in its own JVM, is
 * killed with SIGKILL (no shutdown hook, no last write) once some of its tasks have committed and
 * others have not, and the same command with {@code --resume} finishes it: the tables equal those
 * of an uninterrupted run, every video once, and the videos the killed run finished are not
 * classified again.
 */
class DriverKillResumeTest {

    static final int VIDEOS = 24;
    static final int TASKS = 12;

    @TempDir
    Path tmp;

    @AfterAll
    static void stopSpark() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    private static List<String> classify(Path videos, Path out, String... extra) {
        return ResumeTest.classifyArgs(videos, out, TASKS, extra);
    }

    @Test
    void aJobKilledHalfWayIsFinishedByResume() throws Exception {
        Path videos = Files.createDirectories(tmp.resolve("videos"));
        for (int i = 0; i < VIDEOS; i++) {
            SampleVideos.write(
                    videos.resolve(String.format("v%02d.mp4", i)),
                    SampleVideos.Format.H264_MP4,
                    64,
                    48,
                    25,
                    24 + 5 * i);
        }
        Files.writeString(videos.resolve("text.mp4"), "not a video\n");
        Path reference = tmp.resolve("reference");
        assertEquals(0, Main.run(classify(videos, reference).toArray(new String[0])));

        Path root = Scripts.root();
        Path out = tmp.resolve("out");
        List<String> command = new ArrayList<>(List.of("scripts/nlvideo"));
        command.addAll(classify(videos, out));
        Process job = Scripts.start(
                root,
                Map.of("NLVIDEO_APP_CLASSPATH", Scripts.applicationClassPath(root), "NLVIDEO_JAVA_OPTS", "-Xmx1g"),
                tmp.resolve("job.out"),
                tmp.resolve("job.err"),
                command.toArray(new String[0]));
        CommitLog log = new CommitLog(out.resolve(OutputFolder.WORK).resolve("results"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (log.committed().isEmpty()) {
            if (!job.isAlive() || System.nanoTime() > deadline) {
                job.destroyForcibly();
                fail("no task committed before the job ended (exit " + (job.isAlive() ? "-" : job.exitValue()) + "):\n"
                        + Files.readString(tmp.resolve("job.err")));
            }
            Thread.sleep(20);
        }
        job.destroyForcibly(); // SIGKILL: the launcher execs the JVM, so this is the driver itself
        assertTrue(job.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, job.exitValue(), "killed by SIGKILL");
        int committedAtKill = log.committed().size();
        assertTrue(
                committedAtKill < TASKS, "killed half-way: " + committedAtKill + " of " + TASKS + " tasks committed");
        assertFalse(Files.exists(out.resolve("summary.json")), "the killed job never finished");

        assertEquals(0, Main.run(classify(videos, out, "--resume").toArray(new String[0])));
        JsonTables.assertSameTables(reference, out);
        JsonNode summary = JsonTables.summary(out);
        assertEquals(2, summary.at("/counts/run").asInt());
        assertEquals(VIDEOS + 1, summary.at("/counts/inputs").asInt());
        long earlier = summary.at("/counts/videos_from_earlier_runs").asLong();
        assertTrue(earlier >= 1 && earlier < VIDEOS, "videos kept from the killed run: " + earlier);

        // the videos of tasks that were running when the driver died ran isolated in the resumed run
        Path journals = out.resolve(OutputFolder.WORK).resolve("journal");
        java.util.Set<String> held = items(journals, "infer-r001-", false);
        java.util.Set<String> isolated = items(journals, "infer-r002-", true);
        assertTrue(isolated.containsAll(held), "held by dead tasks " + held + ", isolated " + isolated);
    }

    /** The items of the journals named {@code prefix*}: of unfinished ones, or of isolated ones. */
    private static java.util.Set<String> items(Path journals, String prefix, boolean isolatedOnes) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Set<String> items = new java.util.TreeSet<>();
        try (var files = Files.list(journals)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .toList()) {
                List<JsonNode> lines = new ArrayList<>();
                for (String line : Files.readAllLines(f)) {
                    try {
                        lines.add(json.readTree(line));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException torn) {
                        // the last line of a task killed while writing it, as TaskJournal skips it
                    }
                }
                if (lines.isEmpty()) {
                    continue; // a task killed between creating its journal and writing the first line held nothing
                }
                boolean ok = lines.stream().anyMatch(n -> n.has("ok"));
                boolean isolated = lines.get(0).path("isolated").asBoolean();
                if (isolatedOnes ? isolated : !ok) {
                    lines.stream()
                            .filter(n -> n.has("item"))
                            .forEach(n -> items.add(n.get("item").asText()));
                }
            }
        }
        return items;
    }
}
