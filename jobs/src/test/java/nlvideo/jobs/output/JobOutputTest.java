package nlvideo.jobs.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
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

/**
 * Tables as people open them: CSV and JSON as one file each, cells that need RFC 4180 quoting
 * (quotes, commas, line breaks) read back exactly by a standard reader, score vectors named.
 */
class JobOutputTest {

    static SparkSession spark;

    @TempDir
    Path tmp;

    static final String AWKWARD = "clip \"a\", b\nsecond line";

    @BeforeAll
    static void start() {
        spark = SparkSession.builder()
                .master("local[1]")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static Dataset<Row> table() {
        StructType schema = new StructType()
                .add("video_id", DataTypes.StringType, false)
                .add("message", DataTypes.StringType, true)
                .add("top_labels", DataTypes.createArrayType(DataTypes.StringType, false), false)
                .add(
                        "scores",
                        DataTypes.createArrayType(DataTypes.FloatType, false),
                        false,
                        JobOutput.withClasses(List.of("left", "right")));
        return spark.createDataFrame(
                List.of(
                        RowFactory.create("v1", AWKWARD, new String[] {"left", "right"}, new float[] {0.75f, 0.25f}),
                        RowFactory.create("v2", null, new String[] {"right"}, new float[] {0.5f, 0.5f})),
                schema);
    }

    @Test
    void csvIsOneRfc4180FileWithAColumnPerClass() throws Exception {
        Path dir = tmp.resolve("out");
        new JobOutput(dir, OutputFormat.CSV, System.out).write("predictions", table());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    List.of("predictions.csv"),
                    files.map(p -> p.getFileName().toString()).toList());
        }
        String text = Files.readString(dir.resolve("predictions.csv"));
        assertTrue(text.contains("\"clip \"\"a\"\", b\nsecond line\""), "quotes doubled, the cell quoted: " + text);
        List<CSVRecord> rows = CsvTables.read(dir.resolve("predictions.csv"));
        assertEquals(
                List.of("video_id", "message", "top_labels", "score_left", "score_right"),
                rows.get(0).getParser().getHeaderNames());
        assertEquals(2, rows.size());
        assertEquals(AWKWARD, rows.get(0).get("message"));
        assertEquals("left;right", rows.get(0).get("top_labels"));
        assertEquals(0.75, Double.parseDouble(rows.get(0).get("score_left")), 0);
        assertEquals(0.25, Double.parseDouble(rows.get(0).get("score_right")), 0);
        assertEquals("", rows.get(1).get("message"));
        assertEquals(JobOutput.tableFile(dir, "predictions"), dir.resolve("predictions.csv"));
    }

    @Test
    void jsonIsOneFileOfLinesAndLabelsNameTheScores() throws Exception {
        Path dir = tmp.resolve("out");
        new JobOutput(dir, OutputFormat.JSON, System.out).write("predictions", table());
        List<String> lines = Files.readAllLines(dir.resolve("predictions.json"));
        assertEquals(2, lines.size());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals(AWKWARD, first.get("message").asText());
        assertEquals(0.75, first.get("scores").get(0).asDouble(), 0);
        assertEquals(List.of("left", "right"), Files.readAllLines(dir.resolve(JobOutput.LABELS_FILE)));
    }

    @Test
    void parquetStaysAFolderAndTheTerminalGetsTheSameCsv() throws Exception {
        Path dir = tmp.resolve("out");
        new JobOutput(dir, OutputFormat.PARQUET, System.out).write("predictions", table());
        assertTrue(Files.isDirectory(dir.resolve("predictions")));
        assertEquals(
                2, spark.read().parquet(dir.resolve("predictions").toString()).count());
        assertTrue(
                JobOutput.tableFile(dir, "predictions").getFileName().toString().startsWith("part-"));

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ByteArrayOutputStream others = new ByteArrayOutputStream();
        JobOutput terminal = new JobOutput(
                null,
                OutputFormat.CSV,
                new PrintStream(printed, true, StandardCharsets.UTF_8),
                new PrintStream(others, true, StandardCharsets.UTF_8));
        terminal.write("predictions", table());
        terminal.write("errors", table().select("message"));
        // stdout holds the first table alone, so that `> predictions.csv` is one CSV file
        List<CSVRecord> rows = CsvTables.parse(printed.toString(StandardCharsets.UTF_8));
        assertEquals(2, rows.size());
        assertEquals(AWKWARD, rows.get(0).get("message"));
        assertEquals("0.5", rows.get(1).get("score_right"));
        String rest = others.toString(StandardCharsets.UTF_8);
        assertTrue(rest.startsWith("errors:\n"), rest);
        assertEquals(
                AWKWARD,
                CsvTables.parse(rest.substring("errors:\n".length())).get(0).get("message"));
    }
}
