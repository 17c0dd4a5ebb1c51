package nlvideo.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nlvideo.jobs.output.OutputFolder;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --overwrite} through the commands: it replaces an earlier job's output, and refuses (exit
 * 2, nothing deleted) a folder that holds the job's own inputs, however they are named (the input
 * folder, a video in it, a manifest's entries, a weights file), or a folder nlvideo did not write.
 */
class OverwriteTest {

    @TempDir
    static Path tmp;

    static Path samples;

    static final String[] SPARK = {"--master", "local[2]", "--spark-conf", "spark.ui.enabled=false"};

    @BeforeAll
    static void makeSamples() {
        samples = tmp.resolve("samples");
        // make-samples marks its folder: it is an earlier nlvideo job's folder that holds videos
        assertEquals(
                0, CliRun.of("make-samples", "--output", samples.toString()).code());
        assertTrue(OutputFolder.isMarked(samples));
    }

    @AfterAll
    static void stopSpark() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    private static CliRun probe(String... args) {
        String[] all = new String[args.length + SPARK.length + 1];
        all[0] = "probe";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(SPARK, 0, all, 1 + args.length, SPARK.length);
        return CliRun.of(all);
    }

    private static List<String> listing(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void theInputFolderItselfIsNeverReplaced() throws Exception {
        List<String> before = listing(samples);
        CliRun r = CliRun.of("classify", "--input", samples.toString(), "--output", samples.toString(), "--overwrite");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("holds an input"), r.err());
        r = probe("--input", samples.resolve("h264.mp4").toString(), "--output", samples.toString(), "--overwrite");
        assertEquals(2, r.code(), r.err());
        r = CliRun.of(
                "frames",
                "--input",
                samples.resolve("h264.mp4").toString(),
                "--output",
                samples.toString(),
                "--overwrite");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("holds an input"), r.err());
        r = CliRun.of(
                "render",
                "--input",
                samples.resolve("h264.mp4").toString(),
                "--output",
                samples.resolve("h264.mp4").toString(),
                "--overwrite");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("is an input"), r.err());
        assertEquals(before, listing(samples));
    }

    @Test
    void aManifestsVideosInsideTheFolderAreFoundAfterReadingIt() throws Exception {
        Path manifest = Files.writeString(tmp.resolve("list.csv"), "path\n" + samples.resolve("h264.mp4") + "\n");
        List<String> before = listing(samples);
        CliRun r = probe("--input", manifest.toString(), "--output", samples.toString(), "--overwrite");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("h264.mp4"), r.err());
        assertEquals(before, listing(samples));
    }

    @Test
    void aWeightsFileInsideTheFolderIsAnInputToo() throws Exception {
        Path earlier = tmp.resolve("earlier");
        assertEquals(
                0,
                probe("--input", samples.resolve("h264.mp4").toString(), "--output", earlier.toString())
                        .code());
        Path weights = Files.copy(
                nlvideo.jobs.cluster.Scripts.root().resolve("conf/weights/demo-nl-i3d.nlw"), earlier.resolve("w.nlw"));
        CliRun r = CliRun.of(
                "classify",
                "--input",
                samples.resolve("h264.mp4").toString(),
                "--model",
                "demo-nl-i3d",
                "--weights",
                weights.toString(),
                "--output",
                earlier.toString(),
                "--overwrite");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("w.nlw"), r.err());
        assertTrue(Files.exists(weights));
    }

    @Test
    void anEarlierJobsFolderIsReplacedAndAForeignOneIsNot() throws Exception {
        Path out = tmp.resolve("out");
        String video = samples.resolve("h264.mp4").toString();
        assertEquals(
                0,
                probe("--input", video, "--output", out.toString(), "--format", "json")
                        .code());
        Files.writeString(out.resolve("stale.txt"), "from an earlier run");
        assertEquals(
                0,
                probe("--input", video, "--output", out.toString(), "--format", "csv", "--overwrite")
                        .code());
        assertFalse(Files.exists(out.resolve("stale.txt")), "the earlier job's folder was replaced");
        assertTrue(Files.exists(out.resolve("summary.json")));

        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.md"), "mine");
        CliRun r = probe("--input", video, "--output", foreign.toString(), "--overwrite");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("not written by nlvideo"), r.err());
        assertEquals("mine", Files.readString(foreign.resolve("notes.md")));
        assertEquals(List.of("", "notes.md"), listing(foreign));
    }

    @Test
    void framesWritesTheMarkerFirstAndReplacesOnlyAnEarlierJobsFolder() throws Exception {
        Path out = tmp.resolve("frames");
        String video = samples.resolve("h264.mp4").toString();
        assertEquals(
                0,
                CliRun.of("frames", "--input", video, "--output", out.toString(), "--indices", "0,1")
                        .code());
        assertTrue(OutputFolder.isMarked(out));
        assertTrue(Files.exists(out.resolve("000001.png")));
        CliRun r = CliRun.of("frames", "--input", video, "--output", out.toString(), "--indices", "2");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--overwrite"), r.err());
        assertEquals(
                0,
                CliRun.of("frames", "--input", video, "--output", out.toString(), "--indices", "2", "--overwrite")
                        .code());
        assertEquals(
                List.of("", "000002.png", OutputFolder.MARKER, "frames.csv"),
                listing(out),
                "the earlier frames were replaced, not added to");

        Path foreign = Files.createDirectories(tmp.resolve("foreign-frames"));
        Files.writeString(foreign.resolve("notes.md"), "mine");
        r = CliRun.of("frames", "--input", video, "--output", foreign.toString(), "--indices", "0", "--overwrite");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("not written by nlvideo"), r.err());
        assertEquals(List.of("", "notes.md"), listing(foreign));
    }
}
