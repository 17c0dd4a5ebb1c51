package nlvideo.jobs.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nlvideo.jobs.Main;
import nlvideo.jobs.output.JsonTables;
import nlvideo.jobs.output.OutputFolder;
import nlvideo.pipeline.video.SampleVideos;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --resume} in this JVM: a job whose committed results are partly gone (as if it had been
 * killed after some tasks committed) is finished by {@code --resume}, running only what is missing,
 * with the same tables as an uninterrupted run; and the checks that keep a resume from mixing
 * different jobs.
 */
class ResumeTest {

    @TempDir
    static Path tmp;

    static Path videos;
    static Path reference;

    static final int VIDEOS = 8;

    @BeforeAll
    static void writeVideosAndAReference() throws Exception {
        videos = Files.createDirectories(tmp.resolve("videos"));
        for (int i = 0; i < VIDEOS; i++) {
            SampleVideos.write(videos.resolve("v" + i + ".mp4"), SampleVideos.Format.H264_MP4, 64, 48, 25, 20 + 7 * i);
        }
        Files.write(videos.resolve("broken.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'x'});
        reference = tmp.resolve("reference");
        assertEquals(0, classify(reference));
    }

    @AfterAll
    static void stopSpark() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    /**
     * classify into JSON tables with batches of one view (a view's scores then do not depend on its
     * batch mates), 3 clips per video, on local[2].
     */
    static List<String> classifyArgs(Path videos, Path out, int partitions, String... extra) {
        List<String> a = new ArrayList<>(List.of("--clips", "3", "--partitions", Integer.toString(partitions)));
        a.addAll(List.of(extra));
        return jobArgs("classify", videos, out, a);
    }

    /** {@code command} on {@code videos} into JSON tables with batches of one view, on local[2]. */
    static List<String> jobArgs(String command, Path videos, Path out, List<String> options) {
        List<String> a = new ArrayList<>(List.of(
                command,
                "--input",
                videos.toString(),
                "--output",
                out.toString(),
                "--format",
                "json",
                "--batch-size",
                "1",
                "--master",
                "local[2]",
                "--spark-conf",
                "spark.ui.enabled=false"));
        a.addAll(options);
        return a;
    }

    static String[] args(Path out, String... extra) {
        return classifyArgs(videos, out, 6, extra).toArray(new String[0]);
    }

    static int classify(Path out, String... extra) {
        return Main.run(args(out, extra));
    }

    @Test
    void resumeRunsOnlyWhatIsMissingAndGivesTheUninterruptedTables() throws Exception {
        Path out = tmp.resolve("interrupted");
        assertEquals(0, classify(out));
        // as if the driver had died after some tasks committed: two tasks' results and the tables gone
        List<Path> committed = new CommitLog(out.resolve(OutputFolder.WORK).resolve("results")).committed();
        assertTrue(committed.size() >= 4, "tasks that committed: " + committed);
        long lost = 0;
        for (Path p : committed.subList(0, 2)) {
            lost += videosIn(p);
            Files.delete(p);
        }
        for (String t : List.of("predictions.json", "errors.json", "summary.json", "report.html")) {
            deleteRecursively(out.resolve(t));
        }

        assertEquals(0, classify(out, "--resume"));
        JsonTables.assertSameTables(reference, out);
        JsonNode summary = JsonTables.summary(out);
        assertEquals(2, summary.at("/counts/run").asInt());
        assertEquals(
                VIDEOS - lost, summary.at("/counts/videos_from_earlier_runs").asLong(), summary.toString());
        assertEquals(VIDEOS + 1, summary.at("/counts/inputs").asInt());

        // resuming a finished job classifies nothing and writes the same tables again
        assertEquals(0, classify(out, "--resume"));
        JsonTables.assertSameTables(reference, out);
        assertEquals(
                VIDEOS,
                JsonTables.summary(out).at("/counts/videos_from_earlier_runs").asLong());
    }

    /** timeline through the same plumbing: dense clips every half second, batches of one view. */
    static String[] timelineArgs(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("--step", "0.5", "--partitions", "6"));
        a.addAll(List.of(extra));
        return jobArgs("timeline", videos, out, a).toArray(new String[0]);
    }

    @Test
    void timelineResumesTheSameWayAndRefusesOtherWindows() throws Exception {
        Path uninterrupted = tmp.resolve("timeline-reference");
        assertEquals(0, Main.run(timelineArgs(uninterrupted)));
        Path out = tmp.resolve("timeline-interrupted");
        assertEquals(0, Main.run(timelineArgs(out)));
        List<Path> committed = new CommitLog(out.resolve(OutputFolder.WORK).resolve("results")).committed();
        assertTrue(committed.size() >= 4, "tasks that committed: " + committed);
        long lost = 0;
        for (Path p : committed.subList(0, 2)) {
            lost += videosIn(p);
            Files.delete(p);
        }
        List<String> tables = List.of("timeline.json", "segments.json", "errors.json");
        for (String t : tables) {
            Files.delete(out.resolve(t));
        }
        Files.delete(out.resolve("summary.json"));

        assertEquals(0, Main.run(timelineArgs(out, "--resume")));
        for (String t : tables) {
            assertEquals(sortedLines(uninterrupted.resolve(t)), sortedLines(out.resolve(t)), t);
        }
        assertFalse(sortedLines(out.resolve("timeline.json")).isEmpty());
        JsonNode summary = JsonTables.summary(out);
        assertEquals(2, summary.at("/counts/run").asInt());
        assertEquals(
                VIDEOS - lost, summary.at("/counts/videos_from_earlier_runs").asLong(), summary.toString());

        Result r = run(timelineArgs(out, "--resume", "--window", "0.4"));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("window_s was null, now 0.4"), r.err());
    }

    private static List<String> sortedLines(Path file) throws IOException {
        return Files.readAllLines(file).stream().sorted().toList();
    }

    @Test
    void resumeWithoutAnEarlierRunSimplyStarts() throws Exception {
        Path out = tmp.resolve("fresh");
        assertEquals(0, classify(out, "--resume"));
        JsonTables.assertSameTables(reference, out);
    }

    @Test
    void resumeRefusesOtherSettingsAndWritesNothing() throws Exception {
        Path out = tmp.resolve("settings");
        assertEquals(0, classify(out));
        byte[] marker = Files.readAllBytes(out.resolve(OutputFolder.MARKER));
        List<String> before = listing(out);
        Result r = run(args(out, "--resume", "--stride", "1"));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("protocol was"), r.err());
        r = run(args(out, "--resume", "--seed", "3"));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("weights was random seed 0, now random seed 3"), r.err());
        assertEquals(before, listing(out));
        assertTrue(java.util.Arrays.equals(marker, Files.readAllBytes(out.resolve(OutputFolder.MARKER))));
    }

    @Test
    void resumeNeedsAnOutputAndExcludesOverwrite() {
        Result r = run("classify", "--input", videos.toString(), "--resume");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--resume needs --output"), r.err());
        r = run(args(tmp.resolve("both"), "--resume", "--overwrite"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--resume and --overwrite"), r.err());
        assertFalse(Files.exists(tmp.resolve("both")));
    }

    private static long videosIn(Path committed) throws IOException {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(committed))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .map(l -> nlvideo.jobs.classify.ClipResultJson.decode(l).videoId())
                    .distinct()
                    .count();
        }
    }

    private static List<String> listing(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            return walk.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    record Result(int code, String err) {}

    static Result run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        return new Result(cli.execute(args), err.toString());
    }
}
