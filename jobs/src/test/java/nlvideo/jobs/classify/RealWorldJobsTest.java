package nlvideo.jobs.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nlvideo.jobs.Main;
import nlvideo.jobs.output.CsvRecords;
import nlvideo.jobs.output.JobOutput;
import nlvideo.model.ModelPresets;
import nlvideo.pipeline.video.FfmpegCli;
import nlvideo.pipeline.video.RealWorldVideos;
import nlvideo.pipeline.video.SampleVideos;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * probe, classify and extract-features on a folder of the real-world kinds of issue 9 (made by
 * the ffmpeg command line), with a file name holding a double quote, two files of one stem, and a
 * dangling symbolic link: every valid video is predicted, the probe rows carry the right stream,
 * shape, colours and counts, padding and decode errors are reported, and the CSV outputs read back
 * with an RFC 4180 reader (Commons CSV, as pandas or Python's csv would).
 */
class RealWorldJobsTest {

    @TempDir
    static Path tmp;

    static Path videos;
    static final String QUOTED = "clip \"a\".mp4";
    static final String[] SPARK = {"--master", "local[2]", "--spark-conf", "spark.ui.enabled=false"};

    /** The valid videos of the folder: file name to what it is. */
    static final Map<String, String> VALID = new HashMap<>();

    @BeforeAll
    static void writeVideos() throws Exception {
        videos = Files.createDirectories(tmp.resolve("videos"));
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        RealWorldVideos.coverArtFirst(scratch.resolve("cover.mp4"));
        Files.move(scratch.resolve("cover.mp4"), videos.resolve("cover-art-first.mp4"));
        RealWorldVideos.previewStreamFirst(scratch.resolve("preview.mkv"));
        Files.move(scratch.resolve("preview.mkv"), videos.resolve("preview-first.mkv"));
        RealWorldVideos.stripes(
                scratch.resolve("bt709.mp4"),
                1280,
                720,
                new int[][] {{220, 30, 30}, {30, 200, 40}},
                "bt709",
                "tv",
                true);
        Files.move(scratch.resolve("bt709.mp4"), videos.resolve("bt709-hd.mp4"));
        RealWorldVideos.nonSquarePixels(scratch.resolve("sar.mp4"), 100);
        Files.move(scratch.resolve("sar.mp4"), videos.resolve("sar-4x3.mp4"));
        RealWorldVideos.fromPipe(scratch.resolve("pipe.mkv"), "matroska");
        Files.move(scratch.resolve("pipe.mkv"), videos.resolve("from-pipe.mkv"));
        RealWorldVideos.truncatedIndexFirst(scratch.resolve("trunc.mp4"));
        Files.move(scratch.resolve("trunc.mp4"), videos.resolve("truncated-index-first.mp4"));
        RealWorldVideos.damagedMidstream(scratch.resolve("damaged.mp4"));
        Files.move(scratch.resolve("damaged.mp4"), videos.resolve("damaged.mp4"));
        RealWorldVideos.interlaced(scratch.resolve("i.ts"));
        Files.move(scratch.resolve("i.ts"), videos.resolve("interlaced-25i.ts"));
        SampleVideos.write(videos.resolve("a.mp4"), SampleVideos.Format.H264_MP4, 160, 120, 30, 30);
        SampleVideos.write(videos.resolve("a.avi"), SampleVideos.Format.MPEG4_AVI, 160, 120, 25, 30);
        SampleVideos.write(videos.resolve(QUOTED), SampleVideos.Format.H264_MP4, 160, 120, 30, 20);
        SampleVideos.write(videos.resolve("one-frame.mp4"), SampleVideos.Format.H264_MP4, 160, 120, 30, 1);
        Files.createSymbolicLink(videos.resolve("dangling.mp4"), videos.resolve("missing.mp4"));
        try (var files = Files.list(videos)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("dangling.mp4"))
                    .forEach(n -> VALID.put(n, n));
        }
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

    /** A CSV table of a job by the file name of its path column. */
    private static Map<String, CSVRecord> table(Path out, String name) throws IOException {
        Map<String, CSVRecord> rows = new HashMap<>();
        for (CSVRecord r : CsvRecords.read(JobOutput.tableFile(out, name))) {
            String file = Path.of(r.get("path")).getFileName().toString();
            assertTrue(rows.put(file, r) == null, "listed twice: " + file);
        }
        return rows;
    }

    @Test
    void probeGivesTheRightStreamShapeColoursAndCounts() throws Exception {
        Path out = tmp.resolve("probe");
        assertEquals(
                0,
                Main.run(args("probe", "--input", videos.toString(), "--output", out.toString(), "--format", "csv")));
        Map<String, CSVRecord> rows = table(out, "probe");
        assertEquals(VALID.size() + 1, rows.size(), "every file once, the dangling link included: " + rows.keySet());
        for (String name : VALID.keySet()) {
            assertEquals("ok", rows.get(name).get("status"), name + ": " + rows.get(name));
        }
        assertEquals(videos.resolve(QUOTED).toString(), rows.get(QUOTED).get("path"), "the quote survives");
        CSVRecord dangling = rows.get("dangling.mp4");
        assertEquals("error", dangling.get("status"));
        assertEquals("not_found", dangling.get("error_kind"));

        assertEquals("1", rows.get("cover-art-first.mp4").get("stream_index"));
        assertEquals("320", rows.get("cover-art-first.mp4").get("width"));
        assertEquals("1", rows.get("preview-first.mkv").get("stream_index"));
        assertEquals("640", rows.get("preview-first.mkv").get("width"));
        assertEquals("bt709", rows.get("bt709-hd.mp4").get("color_matrix"));
        assertEquals("limited", rows.get("bt709-hd.mp4").get("color_range"));
        CSVRecord sar = rows.get("sar-4x3.mp4");
        assertEquals(
                List.of("640", "360", "480", "360", "4:3"),
                List.of(
                        sar.get("width"),
                        sar.get("height"),
                        sar.get("stored_width"),
                        sar.get("stored_height"),
                        sar.get("sample_aspect_ratio")));
        assertEquals("packets", rows.get("from-pipe.mkv").get("frame_count_source"));
        assertEquals(
                String.valueOf(RealWorldVideos.PIPE_FRAMES),
                rows.get("from-pipe.mkv").get("frame_count"));
        CSVRecord truncated = rows.get("truncated-index-first.mp4");
        assertEquals("index", truncated.get("frame_count_source"));
        assertEquals(
                String.valueOf(FfmpegCli.countFrames(videos.resolve("truncated-index-first.mp4"))),
                truncated.get("frame_count"));
        assertEquals("header", rows.get("damaged.mp4").get("frame_count_source"));
        assertEquals("tt", rows.get("interlaced-25i.ts").get("field_order"));
        assertEquals("progressive", rows.get("a.mp4").get("field_order"));
    }

    @Test
    void classifyPredictsEveryValidVideoAndReportsPaddingAndDamage() throws Exception {
        Path out = tmp.resolve("classify");
        assertEquals(
                0,
                Main.run(args(
                        "classify",
                        "--input",
                        videos.toString(),
                        "--output",
                        out.toString(),
                        "--format",
                        "csv",
                        "--clip-scores")));
        Map<String, CSVRecord> predictions = table(out, "predictions");
        Map<String, CSVRecord> errors = table(out, "errors");
        assertEquals(VALID.keySet(), predictions.keySet(), "no valid video ends as an error: " + errors);
        assertEquals(List.of("dangling.mp4"), List.copyOf(errors.keySet()));
        assertEquals("not_found", errors.get("dangling.mp4").get("error_kind"));
        assertEquals("clip \"a\"", predictions.get(QUOTED).get("video_id"));
        assertEquals(videos.resolve(QUOTED).toString(), predictions.get(QUOTED).get("path"));
        assertEquals("a.mp4", predictions.get("a.mp4").get("video_id"), "one stem, two files: ids keep the extension");
        assertEquals("a.avi", predictions.get("a.avi").get("video_id"));

        // tiny-nl-i3d: 2 clips of 8 frames; a one-frame video repeats its frame at 7 positions of each
        int frames = ModelPresets.load("tiny-nl-i3d").input().frames();
        assertEquals(
                String.valueOf(2 * (frames - 1)),
                predictions.get("one-frame.mp4").get("padded_frames"));
        assertEquals("0", predictions.get("a.mp4").get("padded_frames"));
        assertTrue(Integer.parseInt(predictions.get("damaged.mp4").get("decode_errors")) > 0);
        int damaged = 0;
        int padded = 0;
        for (Map.Entry<String, CSVRecord> e : predictions.entrySet()) {
            int errorsHere = Integer.parseInt(e.getValue().get("decode_errors"));
            if (!e.getKey().equals("damaged.mp4") && !e.getKey().equals("truncated-index-first.mp4")) {
                assertEquals(0, errorsHere, e.getKey());
            }
            damaged += errorsHere > 0 ? 1 : 0;
            padded += Integer.parseInt(e.getValue().get("padded_frames")) > 0 ? 1 : 0;
        }
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(VALID.size() + 1, summary.at("/counts/inputs").asInt());
        assertEquals(damaged, summary.at("/counts/videos_with_decode_errors").asInt());
        assertEquals(padded, summary.at("/counts/videos_with_padding").asInt());

        // the clips table: per view, and its padding adds up to the video's
        Map<String, Integer> paddedByVideo = new HashMap<>();
        for (CSVRecord r : CsvRecords.read(JobOutput.tableFile(out, "clips"))) {
            paddedByVideo.merge(r.get("video_id"), Integer.parseInt(r.get("padded_frames")), Integer::sum);
        }
        for (CSVRecord p : predictions.values()) {
            assertEquals(
                    Integer.parseInt(p.get("padded_frames")),
                    paddedByVideo.getOrDefault(p.get("video_id"), -1),
                    p.get("video_id"));
        }
    }

    @Test
    void extractFeaturesReportsTheDanglingLinkToo() throws Exception {
        Path small = Files.createDirectories(tmp.resolve("small"));
        SampleVideos.write(small.resolve("good.mp4"), SampleVideos.Format.H264_MP4, 160, 120, 30, 20);
        Files.createSymbolicLink(small.resolve("gone.mp4"), small.resolve("nowhere.mp4"));
        Path out = tmp.resolve("features");
        assertEquals(
                0,
                Main.run(args(
                        "extract-features",
                        "--input",
                        small.toString(),
                        "--output",
                        out.toString(),
                        "--format",
                        "csv")));
        Map<String, CSVRecord> errors = table(out, "errors");
        assertEquals(List.of("gone.mp4"), List.copyOf(errors.keySet()));
        assertEquals("not_found", errors.get("gone.mp4").get("error_kind"));
        assertEquals(List.of("good.mp4"), List.copyOf(table(out, "predictions").keySet()));
    }
}
