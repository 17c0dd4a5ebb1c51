package nlvideo.jobs.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import nlvideo.jobs.classify.ClassifyTables;
import nlvideo.jobs.classify.VideoOutcome;
import nlvideo.jobs.output.CsvTables;
import nlvideo.jobs.output.JobOutput;
import nlvideo.jobs.output.JobSummary;
import nlvideo.jobs.output.OutputFormat;
import nlvideo.pipeline.dataset.LabelList;
import nlvideo.pipeline.dataset.VideoRef;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sink's exactly-once promise when Spark runs a micro-batch again, in every output format:
 * after a crash between the append and the batch's record (the rows are taken back and appended
 * once), after one between the record and Spark's commit (the batch is skipped), and over the
 * debris of a crash in the middle of an append (a half-written CSV or JSON line, a Parquet file of
 * an unwritten batch). A file still growing waits and is classified once it settles. The
 * classification here is a stand-in that writes one predictions row per video with the batch
 * job's own table code; the real job runs in {@link FolderWatchTest}.
 */
class VideoSinkTest {

    static SparkSession spark;

    static final StructType FILES = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("length", DataTypes.LongType, false)
            .add("modificationTime", DataTypes.TimestampType, false);

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder()
                .master("local[1]")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void aMicroBatchRunAgainAppendsItsRowsOnce(OutputFormat format) throws Exception {
        Path watched = Files.createDirectories(tmp.resolve("in"));
        for (String name : List.of("a", "b", "c", "d")) {
            Path f = Files.writeString(watched.resolve(name + ".mp4"), "video " + name);
            Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        }
        StreamFolder folder =
                StreamFolder.claim(tmp.resolve("out"), watched, false, "test --watch", Map.of("test", "sink"));
        AtomicInteger calls = new AtomicInteger();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        VideoSink sink = new VideoSink(
                spark,
                folder,
                watched,
                format,
                2000,
                (id, refs, out) -> {
                    calls.incrementAndGet();
                    return classify(refs, out);
                },
                new JobSummary("test"),
                new PrintStream(console, true, StandardCharsets.UTF_8));

        sink.write(batch(watched, "a"), 0);
        sink.write(batch(watched, "b"), 1);
        // a crash after batch 1's rows were appended, before its record: Spark runs it again
        Files.delete(folder.batches().resolve(String.format("%020d.json", 1)));
        sink.write(batch(watched, "b"), 1);
        assertEquals(List.of("a", "b"), rows(folder.dir(), format));
        assertEquals(3, calls.get());
        // a crash after the record, before Spark's commit: the batch is not written again
        sink.write(batch(watched, "b"), 1);
        assertEquals(3, calls.get());
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("batch 1 was written before the restart"));

        // debris of a crash in the middle of an append of batch 2
        if (format == OutputFormat.PARQUET) {
            try (Stream<Path> parts = Files.list(folder.dir().resolve("predictions"))) {
                Path part = parts.filter(p -> p.getFileName().toString().startsWith("part-"))
                        .findFirst()
                        .orElseThrow();
                Files.copy(part, part.resolveSibling("part-000000000002-001.snappy.parquet"));
            }
        } else {
            String ext = format == OutputFormat.CSV ? ".csv" : ".json";
            Files.writeString(folder.dir().resolve("predictions" + ext), "half a ro", StandardOpenOption.APPEND);
        }
        sink.write(batch(watched, "c"), 2);
        assertEquals(List.of("a", "b", "c"), rows(folder.dir(), format));

        // a file still being written waits for the next micro-batch (a tick) after it settles
        Files.setLastModifiedTime(watched.resolve("d.mp4"), FileTime.fromMillis(System.currentTimeMillis()));
        sink.write(batch(watched, "d"), 3);
        assertEquals(List.of("a", "b", "c"), rows(folder.dir(), format));
        assertEquals(1, sink.latest().pending().size());
        Files.setLastModifiedTime(watched.resolve("d.mp4"), FileTime.fromMillis(System.currentTimeMillis() - 5000));
        sink.write(batch(watched), 4);
        assertEquals(List.of("a", "b", "c", "d"), rows(folder.dir(), format));
        assertEquals(0, sink.latest().pending().size());
        assertEquals(4, ((Number) sink.latest().totals().get("inputs")).intValue());
        assertEquals(
                4,
                new ObjectMapper()
                        .readTree(folder.dir().resolve("summary.json").toFile())
                        .at("/counts/predicted")
                        .asInt());
    }

    @Test
    void emptyFilesTheSourceHidesGetOneRowEach() throws Exception {
        Path watched = Files.createDirectories(tmp.resolve("in"));
        long old = System.currentTimeMillis() - 60_000;
        for (String name : List.of("e.mp4", "f.mp4", ".e.mp4", "_tmp/e.mp4", "e.mp4.part")) {
            Files.createDirectories(watched.resolve(name).getParent());
            Files.setLastModifiedTime(Files.createFile(watched.resolve(name)), FileTime.fromMillis(old));
        }
        StreamFolder folder =
                StreamFolder.claim(tmp.resolve("out"), watched, false, "test --watch", Map.of("test", "sink"));
        VideoSink sink = sink(folder, watched);

        // the source listed e and f while empty and handed none to the sink: ticks only
        sink.write(batch(watched), 0);
        assertFalse(Files.exists(folder.dir().resolve("predictions.csv")), "no row yet");
        assertEquals(2, sink.latest().pending().size(), "e and f, not the hidden names: " + sink.latest());
        // f is filled in place; e stays empty for the settle time and is read
        Files.writeString(watched.resolve("f.mp4"), "video f");
        Files.setLastModifiedTime(watched.resolve("f.mp4"), FileTime.fromMillis(old));
        sink.write(batch(watched), 1);
        assertEquals(List.of("e"), rows(folder.dir(), OutputFormat.CSV));
        sink.write(batch(watched), 2);
        assertEquals(List.of("e", "f"), rows(folder.dir(), OutputFormat.CSV));
        assertEquals(List.of("file:" + watched.resolve("e.mp4")), sink.latest().emptyReported());

        // restarted on the same folder: e (still empty) is not read again, a new empty g is
        VideoSink again = sink(folder, watched);
        again.write(batch(watched), 3);
        again.write(batch(watched), 4);
        Files.createFile(watched.resolve("g.mp4"));
        Files.setLastModifiedTime(watched.resolve("g.mp4"), FileTime.fromMillis(old));
        again.write(batch(watched), 5);
        again.write(batch(watched), 6);
        assertEquals(List.of("e", "f", "g"), rows(folder.dir(), OutputFormat.CSV));
    }

    private static VideoSink sink(StreamFolder folder, Path watched) {
        return new VideoSink(
                spark,
                folder,
                watched,
                OutputFormat.CSV,
                2000,
                (id, refs, out) -> classify(refs, out),
                new JobSummary("test"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    /** A micro-batch of the file source listing these files of {@code watched} (none: a tick). */
    private static Dataset<Row> batch(Path watched, String... names) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String name : names) {
            Path f = watched.resolve(name + ".mp4");
            rows.add(RowFactory.create(
                    "file:" + f,
                    Files.size(f),
                    new Timestamp(Files.getLastModifiedTime(f).toMillis())));
        }
        return spark.createDataFrame(rows, FILES);
    }

    /** The stand-in classification: each video predicted as class "x", its table written as the job writes it. */
    private static List<VideoOutcome> classify(List<VideoRef> refs, JobOutput out) {
        List<VideoOutcome> outcomes = new ArrayList<>();
        for (VideoRef ref : refs) {
            outcomes.add(new VideoOutcome(ref, new float[] {0.75f, 0.25f}, null, 1, new int[] {0}, null, null, 0, 0));
        }
        ClassifyTables tables = new ClassifyTables(spark, LabelList.of(List.of("x", "y")), 2);
        out.write("predictions", tables.predictions(outcomes, true));
        out.write("errors", tables.errors(outcomes));
        return outcomes;
    }

    /** The video ids of the predictions table, in the order of its rows. */
    private static List<String> rows(Path dir, OutputFormat format) throws IOException {
        List<String> ids = new ArrayList<>();
        switch (format) {
            case CSV -> {
                for (CSVRecord r : CsvTables.read(dir.resolve("predictions.csv"))) {
                    ids.add(r.get("video_id"));
                }
            }
            case JSON -> {
                for (String line : Files.readAllLines(dir.resolve("predictions.json"))) {
                    ids.add(new ObjectMapper().readTree(line).get("video_id").asText());
                }
            }
            case PARQUET ->
                spark.read()
                        .parquet(dir.resolve("predictions").toString())
                        .select("video_id")
                        .orderBy("video_id")
                        .collectAsList()
                        .forEach(r -> ids.add(r.getString(0)));
        }
        return ids;
    }
}
