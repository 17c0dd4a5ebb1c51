package nlvideo.jobs.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nlvideo.jobs.Main;
import nlvideo.jobs.output.JobOutput;
import nlvideo.pipeline.video.SampleVideos;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * evaluate on the two datasets' own annotation formats, with real encoded files in the layouts
 * people download them in: Kinetics (class folders, {youtube_id}_{start}_{end}.mp4, a missing
 * video) scored by accuracy, Charades (multi-label actions) scored by mAP that the test computes
 * itself from classify's full scores.
 */
class DatasetEvaluationTest {

    @TempDir
    static Path tmp;

    static Path videos;
    static Path labels;
    static final String[] SPARK = {"--master", "local[2]", "--spark-conf", "spark.ui.enabled=false"};
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void writeVideos() throws Exception {
        videos = Files.createDirectories(tmp.resolve("videos"));
        SampleVideos.Format[] formats = {
            SampleVideos.Format.H264_MP4,
            SampleVideos.Format.MPEG4_MKV,
            SampleVideos.Format.VP9_WEBM,
            SampleVideos.Format.MJPEG_AVI
        };
        for (int i = 0; i < formats.length; i++) {
            Path dir = Files.createDirectories(videos.resolve("class_" + i));
            SampleVideos.write(
                    dir.resolve("yt" + i + "_000010_000020." + formats[i].extension),
                    formats[i],
                    160,
                    120,
                    25,
                    40 + 7 * i);
        }
        Files.writeString(videos.resolve("class_1/broken_000000_000010.mp4"), "not a video");
        List<String> names = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            names.add(String.format("c%03d class_%d", c, c));
        }
        labels = Files.write(tmp.resolve("labels.txt"), names);
    }

    @AfterAll
    static void stop() {
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
    void kineticsAccuracyCountsMissingAndFailedVideosAsWrong() throws Exception {
        Path csv = Files.writeString(
                tmp.resolve("kinetics_val.csv"),
                "label,youtube_id,time_start,time_end,split\n"
                        + "class_0,yt0,10,20,val\nclass_1,yt1,10,20,val\nclass_2,yt2,10,20,val\nclass_3,yt3,10,20,val\n"
                        + "class_1,broken,0,10,val\nclass_4,gone,0,10,val\n");
        Path out = tmp.resolve("kinetics");
        assertEquals(
                0,
                run(
                        "evaluate",
                        "--input",
                        csv.toString(),
                        "--input-type",
                        "kinetics",
                        "--videos",
                        videos.toString(),
                        "--labels",
                        labels.toString(),
                        "--output",
                        out.toString(),
                        "--format",
                        "json"));
        List<JsonNode> predictions = lines(out, "predictions");
        List<JsonNode> errors = lines(out, "errors");
        assertEquals(4, predictions.size());
        Map<String, String> kinds = new HashMap<>();
        for (JsonNode e : errors) {
            kinds.put(e.get("video_id").asText(), e.get("error_kind").asText());
        }
        assertEquals(Map.of("broken_000000_000010", "not_a_video", "gone_000000_000010", "not_found"), kinds);

        int correct = 0;
        for (JsonNode p : predictions) {
            correct +=
                    p.get("label").asText().equals(p.get("true_labels").get(0).asText()) ? 1 : 0;
        }
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(correct / 6.0, summary.at("/results/top1").asDouble(), 1e-9);
        String table = Files.readString(out.resolve("metrics/summary.md"));
        assertTrue(table.contains("| missing | 1 |") && table.contains("| failed | 1 |"), table);
    }

    @Test
    void charadesMapMatchesAveragePrecisionComputedFromTheScores() throws Exception {
        String header = "id,subject,scene,quality,relevance,verified,script,objects,descriptions,actions,length\n";
        String[] ids = {
            "class_0/yt0_000010_000020",
            "class_1/yt1_000010_000020",
            "class_2/yt2_000010_000020",
            "class_3/yt3_000010_000020"
        };
        // Charades looks videos up as {id}.mp4 under --videos: give each its own folder of links
        Path flat = Files.createDirectories(tmp.resolve("charades"));
        String[] actions = {"c001 0.0 1.0;c002 0.5 1.5", "c002 0.0 2.0", "c001 0.1 0.9;c003 0.0 1.0", "c003 0.0 1.0"};
        StringBuilder csv = new StringBuilder(header);
        for (int i = 0; i < ids.length; i++) {
            Path src = Files.list(videos.resolve("class_" + i))
                    .filter(p -> p.getFileName().toString().startsWith("yt"))
                    .findFirst()
                    .orElseThrow();
            Files.copy(src, flat.resolve("V" + i + ".mp4"));
            csv.append("V")
                    .append(i)
                    .append(",s,scene,6,7,Yes,script,obj,desc,\"")
                    .append(actions[i])
                    .append("\",2.0\n");
        }
        csv.append("GONE,s,scene,6,7,Yes,script,obj,desc,\"c002 0.0 1.0\",2.0\n");
        Path annotations = Files.writeString(tmp.resolve("Charades_v1_test.csv"), csv.toString());

        Path out = tmp.resolve("charades-eval");
        assertEquals(
                0,
                run(
                        "evaluate",
                        "--input",
                        annotations.toString(),
                        "--input-type",
                        "charades",
                        "--videos",
                        flat.toString(),
                        "--labels",
                        labels.toString(),
                        "--output",
                        out.toString(),
                        "--format",
                        "json"));
        JsonNode results = JSON.readTree(out.resolve("summary.json").toFile()).get("results");
        double map = results.get("mAP").asDouble();
        // true labels are written as names, like label and top_labels (the annotations give codes)
        for (JsonNode p : lines(out, "predictions")) {
            if (p.get("video_id").asText().equals("V0")) {
                assertEquals("[\"class_1\",\"class_2\"]", p.get("true_labels").toString());
            }
        }
        assertEquals(
                "[\"class_2\"]", lines(out, "errors").get(0).get("true_labels").toString());
        // one vocabulary: the metric table's rows are summary.json's results, WAP included
        List<String> metricRows = Files.readAllLines(out.resolve("metrics/summary.csv"));
        assertEquals("metric,value", metricRows.get(0));
        for (String row : metricRows.subList(1, metricRows.size())) {
            String[] kv = row.split(",");
            assertTrue(results.has(kv[0]), kv[0] + " is not in summary.json's results " + results);
            assertEquals(Double.parseDouble(kv[1]), results.get(kv[0]).asDouble(), 5e-5, kv[0]);
        }
        assertTrue(results.has("WAP_official"));

        Path scoresOut = tmp.resolve("charades-scores");
        assertEquals(
                0,
                run(
                        "classify",
                        "--input",
                        flat.toString(),
                        "--labels",
                        labels.toString(),
                        "--all-scores",
                        "--output",
                        scoresOut.toString(),
                        "--format",
                        "json"));
        Map<String, double[]> scores = new HashMap<>();
        for (JsonNode p : lines(scoresOut, "predictions")) {
            double[] s = new double[10];
            for (int c = 0; c < 10; c++) {
                s[c] = p.get("scores").get(c).asDouble();
            }
            scores.put(p.get("video_id").asText(), s);
        }
        // truth per video, GONE scoring -infinity everywhere; AP over classes with a positive
        String[] videoIds = {"V0", "V1", "V2", "V3", "GONE"};
        int[][] truth = {{1, 2}, {2}, {1, 3}, {3}, {2}};
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < 10; c++) {
            List<double[]> scoredLabels = new ArrayList<>(); // {score, positive}
            int positives = 0;
            for (int v = 0; v < videoIds.length; v++) {
                boolean pos = contains(truth[v], c);
                positives += pos ? 1 : 0;
                double s = scores.containsKey(videoIds[v]) ? scores.get(videoIds[v])[c] : Double.NEGATIVE_INFINITY;
                scoredLabels.add(new double[] {s, pos ? 1 : 0});
            }
            if (positives == 0) {
                continue;
            }
            scoredLabels.sort((a, b) -> Double.compare(b[0], a[0]));
            double ap = 0, tp = 0;
            for (int k = 0; k < scoredLabels.size(); k++) {
                if (scoredLabels.get(k)[1] == 1) {
                    tp++;
                    ap += tp / (k + 1) / positives; // scores are distinct floats: no ties to group
                }
            }
            sum += ap;
            classes++;
        }
        assertEquals(sum / classes, map, 1e-6);
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> lines(Path out, String table) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(JobOutput.tableFile(out, table))) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }
}
