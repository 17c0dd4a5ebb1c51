package nlvideo.jobs.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import nlvideo.jobs.DemoModel;
import nlvideo.jobs.Main;
import nlvideo.jobs.cluster.Scripts;
import nlvideo.jobs.output.CsvTables;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/nlvideo classify --watch}, in its own JVM as a user runs it: videos land in the
 * folder over time (moved in whole, copied in place slowly, into a sub-folder, one that is no
 * video, one created empty and filled in place once the watch has listed it empty, one that stays
 * empty), the watch is stopped with SIGTERM, more land while it is stopped (one of them empty, filled
 * in place after the restart), it is started again and stopped with SIGINT; the tables then hold
 * every video exactly once, each row as the batch {@code classify} of the same files gives it, the
 * broken and the empty file error rows.
 */
class FolderWatchTest {

    static final Duration LIMIT = Duration.ofSeconds(180);

    @TempDir
    Path tmp;

    /** Every watch this test started: none outlives it, whatever fails. */
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killWatches() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void everyVideoThatLandsIsClassifiedOnceAcrossStopsAndRestarts() throws Exception {
        Path src = sources();
        Map<String, CSVRecord> expected = batchClassify(src, "predictions.csv");
        Map<String, CSVRecord> expectedErrors = byVideoId(tmp.resolve("batch/errors.csv"));
        assertEquals(9, expected.size());
        assertEquals(Set.of("broken", "hollow"), expectedErrors.keySet());

        Path in = Files.createDirectories(tmp.resolve("in"));
        Path out = tmp.resolve("out");
        Watch first = start(tmp.resolve("first"), in, out);
        land(src, in, "v0.mp4");
        land(src, in, "broken.mp4");
        first.awaitOutput("watch: classifying");
        land(src, in, "v1.mp4");
        awaitRows(out, 3, first);
        // created empty (Spark's source lists it, records it as seen and hands it over to nobody):
        // one filled in place within the settle time, one that stays empty
        int since = first.log().length();
        Files.createFile(in.resolve("hollow.mp4"));
        Files.createFile(in.resolve("filled.mp4"));
        first.awaitOutput("2 still being written", since);
        Thread.sleep(1000);
        Files.write(in.resolve("filled.mp4"), Files.readAllBytes(src.resolve("filled.mp4")));
        awaitRows(out, 5, first);
        copySlowly(src.resolve("slow.mp4"), in.resolve("slow.mp4"));
        awaitRows(out, 6, first);
        assertTrue(first.log().contains("1 still being written"), "the slow copy was seen growing:\n" + first.log());
        // created empty, still settling when the watch stops, filled while it is stopped
        since = first.log().length();
        Files.createFile(in.resolve("gap.mp4"));
        first.awaitOutput("1 still being written", since);
        String firstLog = first.stop("TERM", 143);
        assertTrue(firstLog.contains("watch: stopped after batch"), firstLog);

        // while the watch is stopped: one moved into a sub-folder, one copied in place
        land(src, in, "late/v4.mp4");
        Files.copy(src.resolve("v2.mp4"), in.resolve("v2.mp4"));
        Files.write(in.resolve("gap.mp4"), Files.readAllBytes(src.resolve("gap.mp4")));
        Watch second = start(tmp.resolve("second"), in, out);
        second.awaitOutput("watch: resuming");
        land(src, in, "v3.mp4");
        land(src, in, "v5.mp4");
        awaitRows(out, 11, second);
        second.stop("INT", 130);

        Map<String, CSVRecord> predicted = byVideoId(out.resolve("predictions.csv"));
        Map<String, CSVRecord> errors = byVideoId(out.resolve("errors.csv"));
        assertEquals(expected.keySet(), predicted.keySet());
        for (CSVRecord p : predicted.values()) {
            CSVRecord e = expected.get(p.get("video_id"));
            assertEquals(e.get("label"), p.get("label"), p.get("video_id"));
            assertEquals(Double.parseDouble(e.get("score")), Double.parseDouble(p.get("score")), 1e-5);
            assertEquals(e.get("top_labels"), p.get("top_labels"));
            assertEquals(in.resolve(src.relativize(Path.of(e.get("path")))).toString(), p.get("path"));
        }
        assertEquals(expectedErrors.keySet(), errors.keySet());
        assertEquals("not_a_video", errors.get("broken").get("error_kind"));
        for (CSVRecord e : errors.values()) {
            CSVRecord batch = expectedErrors.get(e.get("video_id"));
            assertEquals(batch.get("error_kind"), e.get("error_kind"));
            assertEquals(batch.get("error_message").replace(src.toString(), in.toString()), e.get("error_message"));
        }
        assertEquals("empty", errors.get("hollow").get("error_kind"));
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(11, summary.at("/counts/inputs").asInt());
        assertEquals(9, summary.at("/counts/predicted").asInt());
        assertEquals(2, summary.at("/counts/failed").asInt());

        // the same output folder with settings that would change the rows is refused
        List<String> other = new ArrayList<>(Watch.arguments(in, out));
        other.addAll(List.of("--top-k", "3"));
        assertEquals(2, Main.run(other.toArray(new String[0])));
    }

    private Watch start(Path logs, Path in, Path out) throws IOException {
        Watch watch = Watch.start(logs, in, out);
        started.add(watch.process());
        return watch;
    }

    /**
     * Seven synthetic-motion videos (and two copies of them, {@code filled} and {@code gap}), a file
     * that is no video and an empty one, as they will land ({@code late/} a sub-folder).
     */
    private Path sources() throws Exception {
        Path data = DemoModel.dataset(tmp.resolve("data"), 33, 0, 7);
        Path src = Files.createDirectories(tmp.resolve("src/late"));
        src = src.getParent();
        List<CSVRecord> rows = CsvTables.read(data.resolve("test.csv"));
        String[] names = {
            "v0.mp4", "v1.mp4", "v2.mp4", "v3.mp4", "late/v4.mp4", "v5.mp4", "slow.mp4", "filled.mp4", "gap.mp4"
        };
        for (int i = 0; i < names.length; i++) {
            Files.copy(data.resolve(rows.get(i % rows.size()).get("path")), src.resolve(names[i]));
        }
        Files.writeString(src.resolve("broken.mp4"), "not a video");
        Files.createFile(src.resolve("hollow.mp4"));
        return src;
    }

    /** The rows the batch job gives for the same files: what each watch row must equal. */
    private Map<String, CSVRecord> batchClassify(Path src, String table) throws IOException {
        Path ref = tmp.resolve("batch");
        assertEquals(
                0,
                Main.run(DemoModel.withDemoModel(
                        "classify", "--input", src.toString(), "--output", ref.toString(), "--format", "csv")));
        return byVideoId(ref.resolve(table));
    }

    /** Lands a file as the README asks: written under a hidden name in the folder, then renamed. */
    private static void land(Path src, Path in, String name) throws IOException {
        Path target = in.resolve(name);
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling("." + target.getFileName() + ".part");
        Files.copy(src.resolve(name), part);
        Files.move(part, target);
    }

    /** Copies a file in place in eight parts, a quarter of a second apart: it grows while the watch looks. */
    private static void copySlowly(Path from, Path to) throws Exception {
        byte[] bytes = Files.readAllBytes(from);
        try (OutputStream out = Files.newOutputStream(to)) {
            for (int k = 0; k < 8; k++) {
                out.write(bytes, k * bytes.length / 8, (k + 1) * bytes.length / 8 - k * bytes.length / 8);
                out.flush();
                Thread.sleep(250);
            }
        }
    }

    /** Waits until the predictions and errors tables hold {@code rows} rows between them. */
    private static void awaitRows(Path out, int rows, Watch watch) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        int found = 0;
        while (System.nanoTime() < deadline) {
            found = lines(out.resolve("predictions.csv")) + lines(out.resolve("errors.csv"));
            if (found >= rows) {
                return;
            }
            Thread.sleep(200);
        }
        fail("the tables hold " + found + " rows, not " + rows + ", after " + LIMIT + ":\n" + watch.log());
    }

    /** Data rows of a CSV table that may be half-written: complete lines less the header. */
    private static int lines(Path csv) throws IOException {
        if (!Files.exists(csv)) {
            return 0;
        }
        int n = 0;
        for (byte b : Files.readAllBytes(csv)) {
            n += b == '\n' ? 1 : 0;
        }
        return Math.max(0, n - 1);
    }

    /** A table's rows by video id; a video id seen twice fails the test. */
    private static Map<String, CSVRecord> byVideoId(Path csv) throws IOException {
        Map<String, CSVRecord> rows = new HashMap<>();
        for (CSVRecord r : CsvTables.read(csv)) {
            CSVRecord before = rows.put(r.get("video_id"), r);
            assertTrue(before == null, r.get("video_id") + " twice in " + csv);
        }
        return rows;
    }

    /** One {@code scripts/nlvideo classify --watch} process, its output in two files. */
    private record Watch(Process process, Path stdout, Path stderr) {

        static List<String> arguments(Path in, Path out) {
            List<String> args = new ArrayList<>(List.of(
                    "classify",
                    "--watch",
                    in.toString(),
                    "--output",
                    out.toString(),
                    "--format",
                    "csv",
                    "--trigger",
                    "0.5",
                    "--settle",
                    "3"));
            args.addAll(DemoModel.OPTIONS);
            args.addAll(DemoModel.SPARK);
            return args;
        }

        static Watch start(Path logs, Path in, Path out) throws IOException {
            Path root = Scripts.root();
            List<String> command = new ArrayList<>(List.of("scripts/nlvideo"));
            command.addAll(arguments(in, out));
            Files.createDirectories(logs);
            Map<String, String> env =
                    Map.of("NLVIDEO_APP_CLASSPATH", Scripts.applicationClassPath(root), "NLVIDEO_JAVA_OPTS", "-Xmx1g");
            Process process = Scripts.start(
                    root, env, logs.resolve("stdout"), logs.resolve("stderr"), command.toArray(new String[0]));
            return new Watch(process, logs.resolve("stdout"), logs.resolve("stderr"));
        }

        String log() throws IOException {
            return Files.readString(stdout, StandardCharsets.UTF_8) + Files.readString(stderr, StandardCharsets.UTF_8);
        }

        void awaitOutput(String text) throws Exception {
            awaitOutput(text, 0);
        }

        /** Waits for {@code text} printed after the first {@code since} characters of the output. */
        void awaitOutput(String text, int since) throws Exception {
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (System.nanoTime() < deadline) {
                if (log().indexOf(text, since) >= 0) {
                    return;
                }
                if (!process.isAlive()) {
                    fail("the watch ended (exit code " + process.exitValue() + ") before printing " + text + ":\n"
                            + log());
                }
                Thread.sleep(200);
            }
            fail("no '" + text + "' after " + LIMIT + ":\n" + log());
        }

        /** Sends the signal, waits for the JVM to end with {@code exitCode}, and returns what it printed. */
        String stop(String signal, int exitCode) throws Exception {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("the watch did not stop on SIG" + signal + ":\n" + log());
            }
            assertEquals(exitCode, process.exitValue(), log());
            log().lines().filter(l -> l.startsWith("watch:")).forEach(System.out::println);
            return log();
        }
    }
}
