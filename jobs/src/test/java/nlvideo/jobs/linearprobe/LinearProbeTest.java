package nlvideo.jobs.linearprobe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nlvideo.jobs.DemoModel;
import nlvideo.jobs.Main;
import nlvideo.jobs.output.CsvTables;
import nlvideo.pipeline.synthetic.MotionClass;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train-probe} and {@code classify --probe} on the synthetic-motion classes: the demo
 * model's backbone gives the features ({@code extract-features}), a probe trained on the train
 * split scores the test split with at least 90% top-1 through {@code classify --probe}; its scores
 * are the softmax of the saved model's coefficients on the test videos' own features, computed
 * here; its train accuracy is the one printed.
 */
class LinearProbeTest {

    @TempDir
    static Path tmp;

    static Path data;
    static Path trainFeatures;
    static Path probe;
    static String printed;

    @BeforeAll
    static void trainProbe() throws Exception {
        data = DemoModel.dataset(tmp.resolve("data"), 41, 80, 40);
        trainFeatures = tmp.resolve("train-features");
        assertEquals(0, run("extract-features", "--input", data.resolve("train.csv"), "--output", trainFeatures));
        probe = tmp.resolve("probe");
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(
                    0,
                    trainProbe(data.resolve("train.csv"), probe, "--reg-params", "0.001,0.01,0.1", "--max-iter", "50"));
        } finally {
            System.setOut(stdout);
        }
        printed = captured.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
    }

    /** {@code train-probe} on the train split's features. */
    private static int trainProbe(Path labels, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "train-probe",
                "--features",
                trainFeatures.toString(),
                "--labels",
                labels.toString(),
                "--output",
                out.toString()));
        args.addAll(List.of(extra));
        return Main.run(DemoModel.withSpark(args.toArray(new String[0])));
    }

    @AfterAll
    static void stopSpark() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    /** A classification command with the demo model, writing JSON into {@code out}. */
    private static int run(
            String command, String inputOption, Path input, String outputOption, Path out, String... extra) {
        List<String> args = new ArrayList<>(
                List.of(command, inputOption, input.toString(), outputOption, out.toString(), "--format", "json"));
        args.addAll(List.of(extra));
        return Main.run(DemoModel.withDemoModel(args.toArray(new String[0])));
    }

    @Test
    void aProbeOnTheDemoBackboneClassifiesTheTestSplit() throws Exception {
        // the probe folder: its classes, the backbone it was trained on, what it printed
        List<String> classes = Files.readAllLines(probe.resolve(LinearProbe.LABELS));
        assertEquals(MotionClass.labels().stream().sorted().toList(), classes, "the manifest's classes, sorted");
        JsonNode info =
                new ObjectMapper().readTree(probe.resolve(LinearProbe.INFO).toFile());
        assertEquals("demo-nl-i3d", info.get("backboneModel").asText());
        assertEquals(256, info.get("featureWidth").asInt());
        assertTrue(
                printed.contains(String.format(
                        java.util.Locale.ROOT,
                        "train top-1 %.3f, validation top-1 %.3f",
                        info.get("trainAccuracy").asDouble(),
                        info.get("validationAccuracy").asDouble())),
                printed);
        JsonNode summary =
                new ObjectMapper().readTree(probe.resolve("summary.json").toFile());
        assertEquals(80, summary.at("/counts/videos").asInt());
        assertEquals(3, summary.at("/results/cross_validation").size());

        // classify --probe on the test split, and the test videos' own features
        Path scored = tmp.resolve("test-probe");
        assertEquals(
                0,
                run(
                        "classify",
                        "--input",
                        data.resolve("test.csv"),
                        "--output",
                        scored,
                        "--probe",
                        probe.toString(),
                        "--all-scores"));
        Path testFeatures = tmp.resolve("test-features");
        assertEquals(0, run("extract-features", "--input", data.resolve("test.csv"), "--output", testFeatures));
        // the saved model, read by MLlib; its train accuracy recomputed from its coefficients
        LogisticRegressionModel model = readModel(probe.resolve(LinearProbe.MODEL));
        Map<String, String> truth = truth(data.resolve("train.csv"));
        int correct = 0;
        for (JsonNode row : jsonLines(trainFeatures.resolve("video_features.json"))) {
            double[] p = softmax(model, row.get("feature"));
            String label = classes.get(argmax(p));
            correct += label.equals(truth.get(row.get("video_id").asText())) ? 1 : 0;
        }
        assertEquals(info.get("trainAccuracy").asDouble(), correct / 80.0, 1e-9);

        // classify --probe: >= 90% top-1, its scores softmax(W x + b) of the videos' features
        Map<String, JsonNode> features = new HashMap<>();
        for (JsonNode row : jsonLines(testFeatures.resolve("video_features.json"))) {
            features.put(row.get("video_id").asText(), row.get("feature"));
        }
        Map<String, String> testTruth = truth(data.resolve("test.csv"));
        List<JsonNode> predictions = jsonLines(scored.resolve("predictions.json"));
        assertEquals(40, predictions.size());
        int right = 0;
        for (JsonNode p : predictions) {
            String id = p.get("video_id").asText();
            double[] expected = softmax(model, features.get(id));
            for (int c = 0; c < expected.length; c++) {
                assertEquals(expected[c], p.get("scores").get(c).asDouble(), 1e-4, id + " class " + c);
            }
            assertEquals(classes.get(argmax(expected)), p.get("label").asText(), id);
            right += p.get("label").asText().equals(testTruth.get(id)) ? 1 : 0;
        }
        double top1 = right / 40.0;
        System.out.println("classify --probe: top-1 " + top1 + " on the 40 test videos");
        assertTrue(top1 >= 0.9, "top-1 " + top1);
        JsonNode classified =
                new ObjectMapper().readTree(scored.resolve("summary.json").toFile());
        assertEquals(
                probe.toAbsolutePath().toString(),
                classified.at("/configuration/probe").asText());
    }

    @Test
    void badProbeOptionsExitWith2AndWriteNothing() {
        Path out = tmp.resolve("never");
        Path test = data.resolve("test.csv");
        assertEquals(
                2, run("classify", "--input", test, "--output", out, "--probe", probe.toString(), "--clip-scores"));
        assertEquals(
                2,
                run(
                        "classify",
                        "--input",
                        test,
                        "--output",
                        out,
                        "--probe",
                        tmp.resolve("none").toString()));
        assertEquals(
                2,
                Main.run(DemoModel.withSpark(
                        "classify",
                        "--input",
                        test.toString(),
                        "--output",
                        out.toString(),
                        "--model",
                        "tiny-nl-i3d",
                        "--probe",
                        probe.toString())));
        assertEquals(2, trainProbe(test, out, "--folds", "1"));
        assertTrue(!Files.exists(out), "nothing written");
        // an existing probe is replaced only with --overwrite
        assertEquals(2, trainProbe(test, probe));
    }

    /** The saved model, read by MLlib (which needs a SparkSession of its own here, stopped again). */
    private static LogisticRegressionModel readModel(Path dir) {
        SparkSession spark = SparkSession.builder()
                .master("local[1]")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        try {
            return LogisticRegressionModel.load(dir.toUri().toString());
        } finally {
            spark.stop();
        }
    }

    private static Map<String, String> truth(Path manifest) throws Exception {
        Map<String, String> truth = new HashMap<>();
        for (CSVRecord r : CsvTables.read(manifest)) {
            truth.put(r.get("video_id"), r.get("label"));
        }
        return truth;
    }

    /** The probe's probabilities computed here: softmax of the coefficient matrix times x plus the intercepts. */
    private static double[] softmax(LogisticRegressionModel model, JsonNode feature) {
        Matrix w = model.coefficientMatrix();
        Vector b = model.interceptVector();
        double[] z = new double[w.numRows()];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < z.length; k++) {
            z[k] = b.apply(k);
            for (int j = 0; j < w.numCols(); j++) {
                z[k] += w.apply(k, j) * feature.get(j).asDouble();
            }
            max = Math.max(max, z[k]);
        }
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < z.length; k++) {
            z[k] /= sum;
        }
        return z;
    }

    private static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            best = values[i] > values[best] ? i : best;
        }
        return best;
    }

    private static List<JsonNode> jsonLines(Path file) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            rows.add(json.readTree(line));
        }
        return rows;
    }
}
