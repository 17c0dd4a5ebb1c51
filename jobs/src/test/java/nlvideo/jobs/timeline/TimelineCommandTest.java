package nlvideo.jobs.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nlvideo.jobs.Main;
import nlvideo.jobs.output.CsvTables;
import nlvideo.jobs.report.ReportPages;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code timeline} with the demo model on untrimmed synthetic-motion videos (three 2 s clips of
 * different classes joined, made by {@code make-dataset --concat 3}), whose true segments are
 * known: the segments found start and end within one step of the true ones, and most carry the
 * true label. Each video is split into several work units (--clips-per-unit 2), as a long video
 * is spread over executors.
 */
class TimelineCommandTest {

    static final double STEP = 1.0;
    static final int TOP_K = 3;

    @TempDir
    static Path tmp;

    static Path dataset;
    static Path manifest;

    @BeforeAll
    static void makeVideos() throws Exception {
        dataset = tmp.resolve("concat");
        assertEquals(
                0,
                Main.run(
                        "make-dataset",
                        "--output",
                        dataset.toString(),
                        "--seed",
                        "12",
                        "--train",
                        "0",
                        "--val",
                        "0",
                        "--test",
                        "6",
                        "--concat",
                        "3"));
        // one input that is no video: an error row, the job goes on
        Path broken = Files.writeString(dataset.resolve("broken.mp4"), "not a video");
        manifest = dataset.resolve("with-broken.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(dataset.resolve("test.csv")));
        lines.add(broken + ",broken,");
        Files.write(manifest, lines);
    }

    @AfterAll
    static void stopSpark() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    /** A segment as both files write it. */
    record Span(double start, double end, String label) {}

    static Map<String, List<Span>> spans(Path csv) throws Exception {
        Map<String, List<Span>> out = new LinkedHashMap<>();
        for (CSVRecord r : CsvTables.read(csv)) {
            out.computeIfAbsent(r.get("video_id"), k -> new ArrayList<>())
                    .add(new Span(
                            Double.parseDouble(r.get("start_s")), Double.parseDouble(r.get("end_s")), r.get("label")));
        }
        return out;
    }

    @Test
    void segmentsMatchTheTrueOnesWithinOneStep() throws Exception {
        Path out = tmp.resolve("timeline");
        assertEquals(
                0,
                Main.run(
                        "timeline",
                        "--input",
                        manifest.toString(),
                        "--model",
                        "demo-nl-i3d",
                        "--weights",
                        Path.of("..", "conf", "weights", "demo-nl-i3d.nlw").toString(),
                        "--labels",
                        "synthetic-motion",
                        "--step",
                        Double.toString(STEP),
                        "--smooth",
                        "2",
                        "--top-k",
                        Integer.toString(TOP_K),
                        "--clips-per-unit",
                        "2",
                        "--output",
                        out.toString(),
                        "--format",
                        "csv",
                        "--master",
                        "local[2]",
                        "--spark-conf",
                        "spark.ui.enabled=false"));

        Map<String, List<Span>> truth = spans(dataset.resolve("segments.csv"));
        Map<String, List<Span>> found = spans(out.resolve("segments.csv"));
        assertEquals(truth.keySet(), found.keySet());
        int right = 0;
        int segments = 0;
        for (Map.Entry<String, List<Span>> e : truth.entrySet()) {
            List<Span> t = e.getValue();
            List<Span> f = found.get(e.getKey());
            String what = e.getKey() + ": true " + t + ", found " + f;
            // the found segments tile the video as the true ones do
            assertEquals(0.0, f.get(0).start(), 1e-9, what);
            assertEquals(t.get(t.size() - 1).end(), f.get(f.size() - 1).end(), 1e-9, what);
            // every boundary found is within one step of a true one, and every true one is found
            for (Span s : f.subList(1, f.size())) {
                assertTrue(t.stream().skip(1).anyMatch(x -> Math.abs(x.start() - s.start()) <= STEP + 1e-9), what);
            }
            for (Span s : t.subList(1, t.size())) {
                assertTrue(f.stream().skip(1).anyMatch(x -> Math.abs(x.start() - s.start()) <= STEP + 1e-9), what);
            }
            for (Span s : t) {
                double mid = (s.start() + s.end()) / 2;
                segments++;
                if (f.stream()
                        .anyMatch(x ->
                                x.start() <= mid && mid < x.end() && x.label().equals(s.label()))) {
                    right++;
                }
            }
        }
        assertTrue(right * 3 >= segments * 2, right + " of " + segments + " segments carry the true label");

        // the timeline: top-k rows for every step, steps tiling each 6 s video, best first
        List<CSVRecord> rows = CsvTables.read(out.resolve("timeline.csv"));
        assertEquals(
                List.of("video_id", "start_s", "end_s", "label", "score"),
                rows.get(0).getParser().getHeaderNames());
        assertEquals(truth.size() * 6 * TOP_K, rows.size());
        for (int i = 0; i < rows.size(); i += TOP_K) {
            CSVRecord first = rows.get(i);
            double start = Double.parseDouble(first.get("start_s"));
            assertEquals((i / TOP_K) % 6 * STEP, start, 1e-9);
            assertEquals(start + STEP, Double.parseDouble(first.get("end_s")), 1e-9);
            double sum = 0;
            for (int k = 0; k < TOP_K; k++) {
                CSVRecord r = rows.get(i + k);
                assertEquals(first.get("video_id"), r.get("video_id"));
                assertEquals(first.get("start_s"), r.get("start_s"));
                double score = Double.parseDouble(r.get("score"));
                if (k > 0) {
                    assertTrue(score <= Double.parseDouble(rows.get(i + k - 1).get("score")));
                }
                sum += score;
            }
            assertTrue(sum <= 1 + 1e-5, "top-k probabilities of one step sum to at most 1");
        }

        // every input accounted for; the report opens in a browser without errors
        List<CSVRecord> errors = CsvTables.read(out.resolve("errors.csv"));
        assertEquals(1, errors.size());
        assertEquals("broken", errors.get(0).get("video_id"));
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(7, summary.at("/counts/inputs").asInt());
        assertEquals(6, summary.at("/counts/predicted").asInt());
        assertEquals(1, summary.at("/counts/failed").asInt());
        assertEquals(36, summary.at("/results/steps").asInt());
        assertEquals(
                found.values().stream().mapToInt(List::size).sum(),
                summary.at("/results/segments").asInt());
        JsonNode page = ReportPages.open(out.resolve("report.html"), "timeline-report.png");
        // the strips draw one rectangle per step and one per segment
        int rects = page.path("stripRects").asInt();
        assertEquals(36 + summary.at("/results/segments").asInt(), rects, page.toString());
    }

    @Test
    void badOptionsExitTwoAndWriteNothing() {
        Path out = tmp.resolve("never");
        String[][] bad = {
            {"--step", "0"}, {"--threshold", "1"}, {"--smooth", "-1"}, {"--window", "-2"}, {"--clips", "3"}
        };
        for (String[] extra : bad) {
            List<String> args = new ArrayList<>(List.of(
                    "timeline", "--input", manifest.toString(), "--model", "demo-nl-i3d", "--output", out.toString()));
            args.addAll(List.of(extra));
            assertEquals(2, Main.run(args.toArray(new String[0])), String.join(" ", extra));
            assertFalse(Files.exists(out), String.join(" ", extra));
        }
    }
}
