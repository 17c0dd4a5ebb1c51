package nlvideo.jobs.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nlvideo.jobs.Main;
import nlvideo.jobs.output.JobOutput;
import nlvideo.jobs.output.JsonTables;
import nlvideo.jobs.recovery.FaultInjection;
import nlvideo.pipeline.video.SampleVideos;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code probe} over a folder of real, partly broken files: every file once, the right kinds. */
class ProbeCommandTest {

    @TempDir
    static Path tmp;

    static Path samples;
    static List<SampleVideos.Sample> expected;

    @BeforeAll
    static void writeSamples() throws Exception {
        samples = tmp.resolve("samples");
        expected = SampleVideos.writeAssorted(samples);
    }

    @AfterAll
    static void stopSpark() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    @Test
    void everyFileOnceInParquetWithTheExpectedErrorKind() throws Exception {
        Path out = tmp.resolve("out-parquet");
        int code = Main.run(
                "probe",
                "--input",
                samples.toString(),
                "--output",
                out.toString(),
                "--master",
                "local[2]",
                "--spark-conf",
                "spark.ui.enabled=false");
        assertEquals(0, code);

        SparkSession spark = SparkSession.builder()
                .master("local[1]")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        List<Row> rows = spark.read().parquet(out.resolve("probe").toString()).collectAsList();
        Map<String, Row> byFile = new HashMap<>();
        for (Row r : rows) {
            byFile.merge(Path.of(r.<String>getAs("path")).getFileName().toString(), r, (a, b) -> {
                throw new AssertionError("listed twice: " + a);
            });
        }
        assertEquals(expected.size(), rows.size());
        for (SampleVideos.Sample s : expected) {
            Row r = byFile.get(s.name());
            if (s.expectedError() == null) {
                assertEquals("ok", r.getAs("status"), s.name() + ": " + r);
                assertNull(r.getAs("error_kind"));
                assertTrue(r.<Long>getAs("frame_count") >= 1, s.name());
            } else {
                assertEquals("error", r.getAs("status"), s.name());
                assertEquals(s.expectedError().code(), r.getAs("error_kind"), s.name() + ": " + r);
            }
        }
        Row rotated = byFile.get("portrait-rotated.mp4");
        assertEquals(90, (int) rotated.<Integer>getAs("rotation"));

        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        long failed = expected.stream().filter(s -> s.expectedError() != null).count();
        assertEquals(expected.size(), summary.at("/counts/inputs").asInt());
        assertEquals(failed, summary.at("/counts/failed").asLong());
        assertEquals(expected.size() - failed, summary.at("/counts/ok").asLong());
    }

    @Test
    void csvOutputHasOneLinePerFile() throws Exception {
        Path out = tmp.resolve("out-csv");
        int code = Main.run(
                "probe",
                "--input",
                samples.toString(),
                "--output",
                out.toString(),
                "--format",
                "csv",
                "--master",
                "local[2]",
                "--spark-conf",
                "spark.ui.enabled=false");
        assertEquals(0, code);
        List<String> lines = Files.readAllLines(JobOutput.tableFile(out, "probe"));
        assertTrue(lines.get(0).startsWith("video_id,path,status"), lines.get(0));
        long records = lines.stream()
                .skip(1)
                .filter(l -> l.contains(samples.toString()))
                .count();
        assertEquals(expected.size(), records);
    }

    @Test
    void aFileThatHangsTheProbeEndsAsATimeoutRowAndItsTaskMatesAreProbed() throws Exception {
        Path input = PoisonInputs.write(tmp.resolve("hang-input"), 8, "hangs.mp4");
        Path out = tmp.resolve("out-hang");
        // the probe of hangs.mp4 sleeps in native code forever, deaf to interrupts
        System.setProperty(FaultInjection.PROPERTY, "probe-hang=hangs.mp4");
        int code;
        try {
            code = Main.run(
                    "probe",
                    "--input",
                    input.toString(),
                    "--output",
                    out.toString(),
                    "--format",
                    "json",
                    "--decode-timeout",
                    "2",
                    "--master",
                    "local[*,4]",
                    "--spark-conf",
                    "spark.ui.enabled=false",
                    // 4 tasks for 9 files: hangs.mp4 shares its task with good files
                    "--spark-conf",
                    "spark.default.parallelism=1");
        } finally {
            System.clearProperty(FaultInjection.PROPERTY);
        }
        assertEquals(0, code);

        Map<String, JsonNode> rows = JsonTables.rows(out, "probe");
        assertEquals(9, rows.size(), rows.keySet().toString());
        JsonNode hung = rows.get("hangs");
        assertEquals("error", hung.get("status").asText());
        assertEquals("timeout", hung.get("error_kind").asText());
        assertTrue(hung.get("error_message").asText().contains("2 s (--decode-timeout)"), hung.toString());
        PoisonInputs.assertGoodFilesProbed(rows, 8);
        JsonNode summary = JsonTables.summary(out);
        assertEquals(9, summary.at("/counts/inputs").asInt());
        assertEquals(8, summary.at("/counts/ok").asInt());
        assertEquals(1, summary.at("/counts/failed").asInt());
        assertEquals(1, summary.at("/counts/failed_by_kind/timeout").asInt(), summary.toString());
    }
}
