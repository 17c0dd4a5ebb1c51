package nlvideo.jobs.render;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import nlvideo.jobs.timeline.VideoTimeline;
import nlvideo.pipeline.aggregate.TopK;
import nlvideo.pipeline.dataset.LabelList;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The labels to draw at each moment of one video: the top-k lines of each timeline step, looked
 * up by time (a frame at t seconds shows the step whose [start, end) holds t; past the last step,
 * the last one). Built from a {@link VideoTimeline} computed on the fly, or read back from a
 * {@code timeline} table that {@code nlvideo timeline} wrote (CSV, JSON lines or Parquet).
 */
public final class StepLabels {

    /** One row of a {@code timeline} table. */
    public record TimelineRow(String videoId, double start, double end, String label, double score) {}

    private final double[] starts;
    private final List<List<LabelOverlay.Line>> lines;

    private StepLabels(double[] starts, List<List<LabelOverlay.Line>> lines) {
        this.starts = starts;
        this.lines = lines;
    }

    /** The top-k labels of every step of a timeline, best first. */
    public static StepLabels of(VideoTimeline t, LabelList labels, int k) {
        List<List<LabelOverlay.Line>> lines = new ArrayList<>();
        for (float[] p : t.probabilities()) {
            List<LabelOverlay.Line> step = new ArrayList<>();
            for (int c : TopK.indices(p, Math.min(k, labels.size()))) {
                step.add(new LabelOverlay.Line(labels.name(c), p[c]));
            }
            lines.add(step);
        }
        return new StepLabels(t.starts().clone(), lines);
    }

    /**
     * One video's rows of a timeline table, grouped by step in time order, at most k per step
     * (the table lists each step's labels best first).
     *
     * @throws IllegalArgumentException when the rows hold no step
     */
    public static StepLabels of(List<TimelineRow> rows, int k) {
        List<TimelineRow> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) ->
                a.start() != b.start() ? Double.compare(a.start(), b.start()) : Double.compare(b.score(), a.score()));
        List<Double> starts = new ArrayList<>();
        List<List<LabelOverlay.Line>> lines = new ArrayList<>();
        for (TimelineRow r : sorted) {
            if (starts.isEmpty() || starts.get(starts.size() - 1).doubleValue() != r.start()) {
                starts.add(r.start());
                lines.add(new ArrayList<>());
            }
            List<LabelOverlay.Line> step = lines.get(lines.size() - 1);
            if (step.size() < k) {
                step.add(new LabelOverlay.Line(r.label(), r.score()));
            }
        }
        if (starts.isEmpty()) {
            throw new IllegalArgumentException("the timeline has no step");
        }
        return new StepLabels(starts.stream().mapToDouble(Double::doubleValue).toArray(), lines);
    }

    /** The lines to show at {@code seconds} from the video's first frame. */
    public List<LabelOverlay.Line> at(double seconds) {
        int i = Arrays.binarySearch(starts, seconds);
        int step = i >= 0 ? i : Math.max(0, -i - 2);
        return lines.get(step);
    }

    /** Every label that some step shows, in first-seen order. */
    public List<String> labels() {
        Set<String> all = new LinkedHashSet<>();
        lines.forEach(step -> step.forEach(l -> all.add(l.label())));
        return List.copyOf(all);
    }

    /** Most lines any step has. */
    public int maxLines() {
        return lines.stream().mapToInt(List::size).max().orElse(1);
    }

    /**
     * Reads every row of the {@code timeline} table in a {@code timeline} output folder:
     * {@code timeline.csv}, {@code timeline.json} or the Parquet folder {@code timeline/}.
     *
     * @param spark used for Parquet only; may be null otherwise
     * @throws IllegalArgumentException when the folder holds no timeline table
     * @throws UncheckedIOException when the table cannot be read
     */
    public static List<TimelineRow> readTable(Path dir, SparkSession spark) {
        List<TimelineRow> rows = new ArrayList<>();
        try {
            Path csv = dir.resolve("timeline.csv");
            Path json = dir.resolve("timeline.json");
            if (Files.isRegularFile(csv)) {
                try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
                    for (CSVRecord c : CSVFormat.RFC4180
                            .builder()
                            .setHeader()
                            .setSkipHeaderRecord(true)
                            .build()
                            .parse(r)) {
                        rows.add(new TimelineRow(
                                c.get("video_id"),
                                Double.parseDouble(c.get("start_s")),
                                Double.parseDouble(c.get("end_s")),
                                c.get("label"),
                                Double.parseDouble(c.get("score"))));
                    }
                }
            } else if (Files.isRegularFile(json)) {
                var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
                for (String line : Files.readAllLines(json, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        var n = mapper.readTree(line);
                        rows.add(new TimelineRow(
                                n.get("video_id").asText(),
                                n.get("start_s").asDouble(),
                                n.get("end_s").asDouble(),
                                n.get("label").asText(),
                                n.get("score").asDouble()));
                    }
                }
            } else if (Files.isDirectory(dir.resolve("timeline")) && spark != null) {
                for (Row r :
                        spark.read().parquet(dir.resolve("timeline").toString()).collectAsList()) {
                    rows.add(new TimelineRow(
                            r.getAs("video_id"),
                            r.<Double>getAs("start_s"),
                            r.<Double>getAs("end_s"),
                            r.getAs("label"),
                            r.<Float>getAs("score")));
                }
            } else {
                throw new IllegalArgumentException(dir + " holds no timeline table (timeline.csv, timeline.json"
                        + " or timeline/): give the output folder of nlvideo timeline");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the timeline under " + dir, e);
        }
        return rows;
    }

    /** The video ids a table's rows name, sorted. */
    public static Set<String> videoIds(List<TimelineRow> rows) {
        Set<String> ids = new TreeSet<>();
        rows.forEach(r -> ids.add(r.videoId()));
        return ids;
    }
}
