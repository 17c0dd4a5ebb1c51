package nlvideo.jobs.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nlvideo.jobs.Main;
import nlvideo.model.Bf16Rounding;
import nlvideo.model.ModelConfig;
import nlvideo.model.ModelPresets;
import nlvideo.model.NlI3d;
import nlvideo.model.SeededWeights;
import nlvideo.model.TestProtocol;
import nlvideo.pipeline.clip.ClipProtocol;
import nlvideo.pipeline.clip.ClipWindow;
import nlvideo.pipeline.transform.ClipTensor;
import nlvideo.pipeline.transform.ClipTransform;
import nlvideo.pipeline.video.DecodedFrames;
import nlvideo.pipeline.video.SampleVideos;
import nlvideo.pipeline.video.VideoDecoder;
import nlvideo.pipeline.video.VideoInfo;
import nlvideo.pipeline.video.VideoProbe;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * classify, evaluate and extract-features on real encoded files, some broken, with the tiny preset
 * on Spark local[2]: every input once, scores equal to a direct single-JVM computation, metrics
 * that match the predictions.
 */
class ClassificationCommandsTest {

    @TempDir
    static Path tmp;

    static Path samples;
    static List<SampleVideos.Sample> expected;
    static SparkSession reader;

    static final String[] SPARK = {"--master", "local[2]", "--spark-conf", "spark.ui.enabled=false"};

    @BeforeAll
    static void writeSamples() throws Exception {
        samples = tmp.resolve("samples");
        expected = new ArrayList<>(SampleVideos.writeAssorted(samples));
        expected.removeIf(s -> !s.name().matches(".*\\.(mp4|avi|mkv|webm)$")); // folders give video files only
    }

    @AfterAll
    static void stop() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    private static String[] args(String... extra) {
        List<String> all = new ArrayList<>(List.of(extra));
        all.addAll(List.of(SPARK));
        return all.toArray(new String[0]);
    }

    private static List<Row> read(Path out, String table) {
        reader = SparkSession.builder()
                .master("local[1]")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        return reader.read().parquet(out.resolve(table).toString()).collectAsList();
    }

    @Test
    void classifyAccountsForEveryVideoAndMatchesADirectComputation() throws Exception {
        Path out = tmp.resolve("classify");
        assertEquals(
                0,
                Main.run(args(
                        "classify",
                        "--input",
                        samples.toString(),
                        "--output",
                        out.toString(),
                        "--clips-per-unit",
                        "1",
                        "--all-scores",
                        "--clip-scores")));

        List<Row> predictions = read(out, "predictions");
        List<Row> errors = read(out, "errors");
        Map<String, Row> byFile = new HashMap<>();
        for (Row r : predictions) {
            byFile.put(Path.of(r.<String>getAs("path")).getFileName().toString(), r);
        }
        Map<String, String> errorKind = new HashMap<>();
        for (Row r : errors) {
            errorKind.put(Path.of(r.<String>getAs("path")).getFileName().toString(), r.getAs("error_kind"));
        }
        assertEquals(expected.size(), predictions.size() + errors.size());
        for (SampleVideos.Sample s : expected) {
            if (s.expectedError() == null) {
                assertTrue(byFile.containsKey(s.name()), s.name() + " not predicted");
            } else {
                assertEquals(s.expectedError().code(), errorKind.get(s.name()), s.name());
            }
        }

        // the distributed result equals decode + transform + forward + mean softmax in this JVM
        Row h264 = byFile.get("h264.mp4");
        float[] direct = directMeanSoftmax(samples.resolve("h264.mp4"));
        float[] viaSpark = toFloats(h264.getList(h264.fieldIndex("scores")));
        assertArrayEquals(direct, viaSpark, 1e-4f);
        assertEquals(2, (int) h264.<Integer>getAs("views"));

        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(expected.size(), summary.at("/counts/inputs").asInt());
        assertEquals(predictions.size(), summary.at("/counts/predicted").asInt());
        assertEquals(errors.size(), summary.at("/counts/failed").asInt());
        assertTrue(summary.at("/configuration/weights").asText().contains("random"));

        List<Row> clips = read(out, "clips");
        assertEquals(2L * predictions.size(), clips.size());
    }

    @Test
    void classifyInBf16StaysWithinBf16RoundingOfFp32() throws Exception {
        Path out = tmp.resolve("classify-bf16");
        Path video = samples.resolve("h264.mp4");
        assertEquals(
                0,
                Main.run(args(
                        "classify",
                        "--input",
                        video.toString(),
                        "--output",
                        out.toString(),
                        "--all-scores",
                        "--precision",
                        "bf16")));
        Row row = read(out, "predictions").get(0);
        float[] bf16 = toFloats(row.getList(row.fieldIndex("scores")));
        float[] fp32 = directMeanSoftmax(video);
        Bf16Rounding.assertBf16Of(fp32, bf16, Bf16Rounding.TINY_OPS, "scores");
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals("bf16", summary.at("/configuration/precision").asText());
    }

    @Test
    void evaluateTablesMatchThePredictions() throws Exception {
        // a labelled manifest: each good video gets a label; one annotated file does not exist
        ModelConfig tiny = ModelPresets.load("tiny-nl-i3d");
        List<String> lines = new ArrayList<>(List.of("path,video_id,label"));
        int i = 0;
        for (SampleVideos.Sample s : expected) {
            lines.add(s.name() + ",v" + i + ",class_" + (i++ % tiny.numClasses()));
        }
        lines.add("gone.mp4,gone,class_1");
        Path manifest = Files.write(samples.resolve("manifest.csv"), lines);
        Path out = tmp.resolve("evaluate");
        assertEquals(0, Main.run(args("evaluate", "--input", manifest.toString(), "--output", out.toString())));

        List<Row> predictions = read(out, "predictions");
        List<Row> errors = read(out, "errors");
        assertEquals(expected.size() + 1, predictions.size() + errors.size());
        long correct = predictions.stream()
                .filter(r -> r.<String>getAs("label")
                        .equals(r.getList(r.fieldIndex("true_labels")).get(0)))
                .count();
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        double top1 = summary.at("/results/top1").asDouble();
        assertEquals((double) correct / (expected.size() + 1), top1, 1e-9);
        String table = Files.readString(out.resolve("metrics/summary.md"));
        assertTrue(table.contains("| missing | 1 |"), table);
        assertTrue(Files.exists(out.resolve("metrics/per_class.csv")));
        assertTrue(Files.exists(out.resolve("metrics/confusion.csv")));
    }

    @Test
    void extractFeaturesGivesPool5PerClipAndTheirMeanPerVideo() throws Exception {
        Path out = tmp.resolve("features");
        assertEquals(
                0,
                Main.run(args(
                        "extract-features",
                        "--input",
                        samples.resolve("h264.mp4").toString(),
                        "--output",
                        out.toString(),
                        "--format",
                        "json")));
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> clips = new ArrayList<>();
        for (String line : Files.readAllLines(nlvideo.jobs.output.JobOutput.tableFile(out, "clip_features"))) {
            clips.add(json.readTree(line));
        }
        JsonNode video =
                json.readTree(Files.readAllLines(nlvideo.jobs.output.JobOutput.tableFile(out, "video_features"))
                        .get(0));
        int width = ModelPresets.load("tiny-nl-i3d").featureWidth();
        assertEquals(2, clips.size());
        Set<Integer> clipIndices = new HashSet<>();
        for (int f = 0; f < width; f++) {
            double mean = 0;
            for (JsonNode c : clips) {
                mean += c.get("feature").get(f).asDouble() / clips.size();
            }
            assertEquals(
                    mean, video.get("feature").get(f).asDouble(), 1e-5 * Math.max(1, Math.abs(mean))); // float32 sums
        }
        for (JsonNode c : clips) {
            clipIndices.add(c.get("clip_index").asInt());
            assertEquals(width, c.get("feature").size());
            assertTrue(c.get("end_s").asDouble() > c.get("start_s").asDouble());
        }
        assertEquals(Set.of(0, 1), clipIndices);
    }

    /** The tiny preset's protocol run by hand, with the same seeded weights, in this JVM. */
    private static float[] directMeanSoftmax(Path video) throws Exception {
        ModelConfig config = ModelPresets.load("tiny-nl-i3d");
        TestProtocol in = config.input();
        ClipProtocol protocol = new ClipProtocol(in);
        VideoInfo info = VideoProbe.probe(video);
        List<ClipWindow> windows = protocol.windows(info);
        DecodedFrames frames = new VideoDecoder(in.shortSide()).decode(video, info, windows);
        ClipTransform transform = new ClipTransform(in.normalization());
        float[] sum = new float[config.numClasses()];
        try (Model model = NlI3d.newModel(config, ai.djl.Device.cpu());
                NDManager m = NDManager.newBaseManager()) {
            NlI3d net = (NlI3d) model.getBlock();
            SeededWeights.fill(net, 0);
            for (Parameter p : net.namedParameters().values()) {
                p.getArray().setRequiresGradient(false);
            }
            for (ClipWindow w : windows) {
                ClipTensor t = transform.apply(frames, w, protocol.centerCrop());
                NDArray x = m.create(FloatBuffer.wrap(t.data()), new Shape(1, 3, t.frames(), t.height(), t.width()));
                float[] logits = net.forward(new ParameterStore(m, false), new NDList(x), false)
                        .get(0)
                        .toFloatArray();
                double max = Double.NEGATIVE_INFINITY, z = 0;
                for (float l : logits) {
                    max = Math.max(max, l);
                }
                for (float l : logits) {
                    z += Math.exp(l - max);
                }
                for (int c = 0; c < logits.length; c++) {
                    sum[c] += (float) (Math.exp(logits[c] - max) / z / windows.size());
                }
            }
        }
        return sum;
    }

    private static float[] toFloats(List<Object> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).floatValue();
        }
        return out;
    }
}
