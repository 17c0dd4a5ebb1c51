package nlvideo.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nlvideo.jobs.DemoModel;
import nlvideo.jobs.Main;
import nlvideo.jobs.output.CsvTables;
import nlvideo.pipeline.synthetic.MotionClass;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person opens after {@code evaluate} and {@code classify} with the demo model on
 * synthetic-motion videos, one of them named with a double quote, a comma and a space, one no
 * video at all: {@code report.html} renders in headless Chromium without errors; CSV tables are
 * single files that a standard RFC 4180 reader reads back exactly; metric keys and counts agree
 * between {@code summary.json} and {@code metrics/}; the confusion matrix is square and agrees
 * with the predictions; score vectors name their classes.
 */
class ReportAndTablesTest {

    @TempDir
    static Path tmp;

    static Path manifest;
    static Path quoted;
    static Map<String, String> truth = new HashMap<>();

    static final String[] SPARK = {"--master", "local[2]", "--spark-conf", "spark.ui.enabled=false"};
    static final String WEIGHTS =
            Path.of("..", "conf", "weights", "demo-nl-i3d.nlw").toString();

    @BeforeAll
    static void makeVideos() throws Exception {
        Path data = DemoModel.dataset(tmp.resolve("data"), 21, 0, 20);
        List<CSVRecord> rows = CsvTables.read(data.resolve("test.csv"));
        quoted = data.resolve("clip \"a\", b.mp4");
        Files.copy(data.resolve(rows.get(0).get("path")), quoted);
        Path broken = Files.writeString(data.resolve("broken.mp4"), "not a video");
        manifest = data.resolve("manifest.csv");
        try (CSVPrinter out =
                new CSVPrinter(Files.newBufferedWriter(manifest, StandardCharsets.UTF_8), CSVFormat.RFC4180)) {
            out.printRecord("path", "video_id", "label");
            for (CSVRecord r : rows.subList(1, rows.size())) {
                out.printRecord(data.resolve(r.get("path")), r.get("video_id"), r.get("label"));
                truth.put(r.get("video_id"), r.get("label"));
            }
            out.printRecord(quoted, "quoted", rows.get(0).get("label"));
            truth.put("quoted", rows.get(0).get("label"));
            out.printRecord(broken, "broken", "growing");
            truth.put("broken", "growing");
        }
    }

    @AfterAll
    static void stopSpark() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    private static int run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(SPARK));
        return Main.run(all.toArray(new String[0]));
    }

    @Test
    void evaluateWritesReadableTablesOneVocabularyAndAReportThatRenders() throws Exception {
        Path out = withDemoModel("evaluate", "csv");
        // one file per table, nothing else of Spark's
        try (Stream<Path> files = Files.walk(out)) {
            List<String> names =
                    files.map(p -> out.relativize(p).toString()).sorted().toList();
            for (String name : names) {
                assertFalse(
                        name.contains("part-") || name.contains("_SUCCESS") || name.endsWith(".crc"), names.toString());
            }
            assertTrue(names.containsAll(List.of("predictions.csv", "errors.csv", "summary.json", "report.html")));
        }
        // a standard reader reads every cell back, the path with its quote and comma included
        List<CSVRecord> predictions = CsvTables.read(out.resolve("predictions.csv"));
        assertEquals(20, predictions.size());
        int correct = 0;
        for (CSVRecord p : predictions) {
            assertEquals(truth.get(p.get("video_id")), p.get("true_labels"));
            correct += p.get("label").equals(p.get("true_labels")) ? 1 : 0;
            if (p.get("video_id").equals("quoted")) {
                assertEquals(quoted.toString(), p.get("path"));
            }
        }
        List<CSVRecord> errors = CsvTables.read(out.resolve("errors.csv"));
        assertEquals(1, errors.size());
        assertEquals("growing", errors.get(0).get("true_labels"));

        // summary.json and metrics/summary.csv: same keys, same values, same counts
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        Map<String, String> metrics = new HashMap<>();
        for (CSVRecord r : CsvTables.read(out.resolve("metrics/summary.csv"))) {
            metrics.put(r.get("metric"), r.get("value"));
        }
        JsonNode results = summary.get("results");
        for (Map.Entry<String, String> m : metrics.entrySet()) {
            assertTrue(results.has(m.getKey()), m.getKey() + " missing from " + results);
            assertEquals(
                    Double.parseDouble(m.getValue()), results.get(m.getKey()).asDouble(), 5e-5, m.getKey());
        }
        for (String count : List.of("predicted", "missing", "failed")) {
            assertEquals(summary.at("/counts/" + count).asInt(), Integer.parseInt(metrics.get(count)), count);
        }
        assertEquals(correct / 21.0, results.get("top1").asDouble(), 1e-9);

        // the square confusion matrix: classes x classes, rows are the predictions' truths
        List<CSVRecord> square = CsvTables.read(out.resolve("metrics/confusion_matrix.csv"));
        assertEquals(MotionClass.labels().size(), square.size());
        assertEquals(MotionClass.labels().size() + 1, square.get(0).size());
        int diagonal = 0;
        int total = 0;
        for (int t = 0; t < square.size(); t++) {
            assertEquals(MotionClass.labels().get(t), square.get(t).get("true"));
            for (int p = 0; p < MotionClass.labels().size(); p++) {
                int n = Integer.parseInt(square.get(t).get(MotionClass.labels().get(p)));
                total += n;
                diagonal += t == p ? n : 0;
            }
        }
        assertEquals(20, total);
        assertEquals(correct, diagonal);

        JsonNode page = ReportPages.open(out.resolve("report.html"), "evaluate-report.png");
        assertEquals(100, page.path("heatmapCells").asInt(), "a 10 x 10 heatmap");
        assertTrue(page.path("svgs").asInt() >= 4, page.toString()); // heatmap, accuracy, histogram, timings
        String text = page.path("text").asText();
        assertTrue(text.contains("not_a_video"), "the failure is listed with its kind");
        assertTrue(text.contains("top1_of_predicted"), "the metrics use summary.json's keys");
    }

    /** A command on the manifest with the demo model, writing {@code format} to a new folder. */
    private static Path withDemoModel(String command, String format, String... extra) {
        Path out = tmp.resolve(command + "-" + format);
        List<String> args = new ArrayList<>(List.of(
                command,
                "--input",
                manifest.toString(),
                "--model",
                "demo-nl-i3d",
                "--weights",
                WEIGHTS,
                "--labels",
                "synthetic-motion",
                "--output",
                out.toString(),
                "--format",
                format));
        args.addAll(List.of(extra));
        assertEquals(0, run(args.toArray(new String[0])));
        return out;
    }

    @Test
    void classifyNamesTheClassesOfItsScoresInEveryFormat() throws Exception {
        Path csv = withDemoModel("classify", "csv", "--all-scores");
        List<CSVRecord> rows = CsvTables.read(csv.resolve("predictions.csv"));
        assertEquals(20, rows.size());
        for (CSVRecord r : rows) {
            double sum = 0;
            double best = -1;
            String bestLabel = null;
            for (String c : MotionClass.labels()) {
                double s = Double.parseDouble(r.get("score_" + c));
                sum += s;
                if (s > best) {
                    best = s;
                    bestLabel = c;
                }
            }
            assertEquals(1.0, sum, 1e-4, "mean of softmax sums to 1");
            assertEquals(r.get("label"), bestLabel);
        }
        JsonNode page = ReportPages.open(csv.resolve("report.html"), "classify-report.png");
        assertTrue(page.path("text").asText().contains("Predicted labels"), "the label distribution is drawn");

        Path json = withDemoModel("classify", "json", "--all-scores");
        List<String> lines = Files.readAllLines(json.resolve("predictions.json"));
        assertEquals(20, lines.size());
        assertEquals(MotionClass.labels(), Files.readAllLines(json.resolve("labels.txt")));
        ObjectMapper mapper = new ObjectMapper();
        for (String line : lines) {
            JsonNode p = mapper.readTree(line);
            JsonNode scores = p.get("scores");
            int best = 0;
            for (int c = 1; c < scores.size(); c++) {
                best = scores.get(c).asDouble() > scores.get(best).asDouble() ? c : best;
            }
            assertEquals(p.get("label").asText(), MotionClass.labels().get(best), "labels.txt names the scores");
        }
    }
}
