package nlvideo.jobs.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nlvideo.jobs.Main;
import nlvideo.jobs.output.JobOutput;
import nlvideo.jobs.recovery.FaultInjection;
import nlvideo.pipeline.video.SampleVideos;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor side of classify on real encoded videos with the tiny preset on Spark local[2]:
 * batches hold views of one shape only, a decode thread that dies of an {@link Error} ends as
 * that video's error row (the task does not hang), and the summary accounts for every view.
 */
class ClipInferenceTest {

    @TempDir
    static Path tmp;

    static Path videos;

    @BeforeAll
    static void writeVideos() throws Exception {
        videos = tmp.resolve("videos");
        Files.createDirectories(videos);
        // two frame sizes of other aspect ratios: full-frame views (--crops 0) of other widths
        SampleVideos.write(videos.resolve("wide.mp4"), SampleVideos.Format.H264_MP4, 192, 96, 16, 40);
        SampleVideos.write(videos.resolve("narrow.mp4"), SampleVideos.Format.H264_MP4, 96, 96, 16, 40);
        SampleVideos.write(videos.resolve("third.mp4"), SampleVideos.Format.H264_MP4, 128, 96, 16, 40);
    }

    @AfterAll
    static void stop() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    private static JsonNode classify(Path input, Path out, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "classify",
                "--input",
                input.toString(),
                "--output",
                out.toString(),
                "--format",
                "json",
                "--clip-scores",
                "--master",
                "local[2]",
                "--spark-conf",
                "spark.ui.enabled=false"));
        args.addAll(List.of(extra));
        assertEquals(0, Main.run(args.toArray(new String[0])));
        return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    }

    /** Clip scores by "video/clip/crop". */
    private static Map<String, float[]> clipScores(Path out) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, float[]> scores = new HashMap<>();
        for (String line : Files.readAllLines(JobOutput.tableFile(out, "clips"))) {
            JsonNode row = json.readTree(line);
            JsonNode s = row.get("scores");
            float[] values = new float[s.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) s.get(i).asDouble();
            }
            scores.put(
                    row.get("video_id").asText() + "/" + row.get("clip_index").asInt() + "/"
                            + row.get("crop_index").asInt(),
                    values);
        }
        return scores;
    }

    @Test
    void fullFrameViewsOfTwoSizesAreBatchedApartAndScoreAsAlone() throws Exception {
        Path two = tmp.resolve("two");
        Files.createDirectories(two);
        Files.copy(videos.resolve("wide.mp4"), two.resolve("wide.mp4"));
        Files.copy(videos.resolve("narrow.mp4"), two.resolve("narrow.mp4"));
        // one partition, batches of 4: the 2 + 2 views of the two videos would share one batch
        JsonNode batched =
                classify(two, tmp.resolve("batched"), "--crops", "0", "--batch-size", "4", "--partitions", "1");
        JsonNode alone = classify(two, tmp.resolve("alone"), "--crops", "0", "--batch-size", "1", "--partitions", "1");

        assertEquals(2, batched.at("/counts/predicted").asInt(), batched.toString());
        assertEquals(4, batched.at("/per_view_s/views").asInt());
        assertEquals(2, batched.at("/per_view_s/batches").asInt(), "one batch per shape");
        assertEquals(4, alone.at("/per_view_s/batches").asInt());
        Map<String, float[]> b = clipScores(tmp.resolve("batched"));
        Map<String, float[]> a = clipScores(tmp.resolve("alone"));
        assertEquals(4, b.size());
        assertEquals(a.keySet(), b.keySet());
        for (String view : a.keySet()) {
            assertArrayEquals(a.get(view), b.get(view), 1e-4f, view);
        }
        // the two sizes really give other inputs: their scores differ
        assertNotEquals(a.get("wide/0/0")[0], a.get("narrow/0/0")[0]);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aDecodeThreadDyingOfAnErrorEndsAsThatVideosErrorRow() throws Exception {
        System.setProperty(FaultInjection.PROPERTY, "oom=narrow.mp4");
        JsonNode summary;
        Path out = tmp.resolve("decode-error");
        try {
            // one partition: the failing video shares its task (and decode thread) with the others
            summary = classify(videos, out, "--partitions", "1", "--clips-per-unit", "1");
        } finally {
            System.clearProperty(FaultInjection.PROPERTY);
        }
        assertEquals(3, summary.at("/counts/inputs").asInt());
        assertEquals(2, summary.at("/counts/predicted").asInt());
        assertEquals(1, summary.at("/counts/failed_by_kind/decode_error").asInt(), summary.toString());
        List<String> errors = Files.readAllLines(JobOutput.tableFile(out, "errors"));
        assertEquals(1, errors.size());
        JsonNode error = new ObjectMapper().readTree(errors.get(0));
        assertEquals("narrow", error.get("video_id").asText());
        assertTrue(error.get("error_message").asText().contains("OutOfMemoryError"), error.toString());
    }

    @Test
    void theSummaryTimesEveryStage() throws Exception {
        JsonNode summary = classify(videos, tmp.resolve("timed"), "--batch-size", "2");
        JsonNode t = summary.get("timings_s");
        for (String key : List.of(
                "spark_start",
                "probe",
                "plan",
                "classify",
                "aggregate",
                "write",
                "total",
                "executors_decode",
                "executors_transform",
                "executors_wait_decode",
                "executors_forward",
                "executors_forward_first_shape",
                "executors_model_load")) {
            assertTrue(t.has(key) && t.get(key).asDouble() >= 0, key + " in " + t);
        }
        assertTrue(t.get("executors_decode").asDouble() > 0, t.toString());
        JsonNode perView = summary.get("per_view_s");
        int views = summary.at("/counts/views_classified").asInt();
        assertEquals(6, views); // 3 videos x the tiny preset's 2 clips x 1 crop
        assertEquals(views, perView.get("views").asInt());
        assertTrue(perView.get("batches").asInt() >= 3, perView.toString()); // at most 2 views a batch
        double sum = t.get("executors_decode").asDouble();
        assertEquals(sum / views, perView.get("decode").asDouble(), 1e-3 + 1e-3 * sum);
    }
}
