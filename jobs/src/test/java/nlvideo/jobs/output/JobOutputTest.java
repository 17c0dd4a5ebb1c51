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

    /** Every column type a driver table holds, with the cells that need care: nulls, escapes, NaN, tiny floats. */
    static DriverTable driverTable() {
        StructType schema = new StructType()
                .add("video_id", DataTypes.StringType, false)
                .add("message", DataTypes.StringType, true)
                .add("views", DataTypes.IntegerType, false)
                .add("bytes", DataTypes.LongType, true)
                .add("score", DataTypes.FloatType, false)
                .add("start_s", DataTypes.DoubleType, true)
                .add("ok", DataTypes.BooleanType, false)
                .add("top_labels", DataTypes.createArrayType(DataTypes.StringType, false), false)
                .add("maybe", DataTypes.createArrayType(DataTypes.StringType, true), true)
                .add(
                        "scores",
                        DataTypes.createArrayType(DataTypes.FloatType, false),
                        false,
                        JobOutput.withClasses(List.of("left", "right")));
        return new DriverTable(
                schema,
                List.of(
                        RowFactory.create(
                                "v1",
                                AWKWARD + " \\ \t\u0001 é 日本",
                                3,
                                1L << 40,
                                0.1f,
                                1.0 / 3,
                                true,
                                new String[] {"left", "right"},
                                new String[] {"a", null},
                                new float[] {0.75f, 1e-7f}),
                        RowFactory.create(
                                "v2", null, 0, null, Float.NaN, null, false, new String[] {}, null, new float[] {
                                    Float.POSITIVE_INFINITY, -0.0f
                                }),
                        RowFactory.create(
                                "v3",
                                "",
                                -1,
                                -5L,
                                3.4028235e38f,
                                1e-300,
                                true,
                                new String[] {"right"},
                                new String[] {},
                                new float[] {0.5f, 0.5f})));
    }

    @Test
    void driverTablesGiveTheBytesSparksQueryGives() throws Exception {
        DriverTable table = driverTable();
        Dataset<Row> same = table.toDataset(spark);
        for (OutputFormat format : List.of(OutputFormat.JSON, OutputFormat.CSV)) {
            Path direct = tmp.resolve("direct-" + format);
            Path query = tmp.resolve("query-" + format);
            new JobOutput(direct, format, System.out).write("predictions", table);
            new JobOutput(query, format, System.out).write("predictions", same);
            String ext = format == OutputFormat.JSON ? ".json" : ".csv";
            String expected = Files.readString(query.resolve("predictions" + ext));
            assertEquals(expected, Files.readString(direct.resolve("predictions" + ext)), format.toString());
            assertTrue(expected.contains("v3"), expected);
        }
        // the query path's JSON is Spark's own toJSON: check it holds what the rows hold
        List<String> lines = same.toJSON().collectAsList();
        assertEquals(3, lines.size());
        JsonNode second = new ObjectMapper().readTree(lines.get(1));
        assertTrue(second.get("message") == null, "a null field is left out: " + lines.get(1));
        assertEquals("NaN", second.get("score").asText());

        ByteArrayOutputStream direct = new ByteArrayOutputStream();
        ByteArrayOutputStream query = new ByteArrayOutputStream();
        new JobOutput(null, OutputFormat.JSON, new PrintStream(direct, true, StandardCharsets.UTF_8))
                .write("predictions", table);
        new JobOutput(null, OutputFormat.JSON, new PrintStream(query, true, StandardCharsets.UTF_8))
                .write("predictions", same);
        assertEquals(query.toString(StandardCharsets.UTF_8), direct.toString(StandardCharsets.UTF_8));
    }

    @Test
    void driverTablesGoToParquetThroughSpark() throws Exception {
        Path dir = tmp.resolve("out");
        new JobOutput(dir, OutputFormat.PARQUET, System.out).write("predictions", driverTable());
        List<Row> back = spark.read()
                .parquet(dir.resolve("predictions").toString())
                .orderBy("video_id")
                .collectAsList();
        assertEquals(3, back.size());
        assertEquals(1L << 40, back.get(0).getLong(3));
        assertEquals(List.of("left", "right"), Files.readAllLines(dir.resolve(JobOutput.LABELS_FILE)));
    }
}
