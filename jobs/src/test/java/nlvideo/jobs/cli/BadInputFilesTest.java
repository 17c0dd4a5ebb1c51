package nlvideo.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import nlvideo.jobs.output.OutputFolder;
import nlvideo.pipeline.video.SampleVideos;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of input file a user writes or hands over (manifests in CSV, JSON lines and Parquet,
 * Kinetics and Charades annotations, label lists, weights, model YAML, training lists, forward's
 * clips), broken in the ways files break: each is refused with exit code 2 and a message that
 * names the file (and the line, where the file has lines), and an earlier job's output folder
 * given with {@code --overwrite} is left exactly as it was (nothing written, nothing deleted).
 *
 * <p>Tests go through the commands, not the readers, so that they hold whatever parses the files.
 */
class BadInputFilesTest {

    @TempDir
    static Path tmp;

    static Path good;
    static Path guard;

    @BeforeAll
    static void setUp() throws Exception {
        Path videos = Files.createDirectories(tmp.resolve("videos"));
        good = videos.resolve("good.mp4");
        SampleVideos.write(good, SampleVideos.Format.H264_MP4, 64, 48, 25, 30);
        SampleVideos.write(videos.resolve("other.mp4"), SampleVideos.Format.H264_MP4, 64, 48, 25, 30);
        // an earlier job's output folder: what a refused command must leave untouched
        guard = tmp.resolve("earlier-job");
        OutputFolder.claim(guard, OutputFolder.Mode.NEW, "classify", Map.of());
        Files.createDirectories(guard.resolve("predictions"));
        Files.writeString(guard.resolve("predictions/part-00000.json"), "{\"video_id\":\"x\"}\n");
    }

    @AfterAll
    static void stopSpark() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    private static Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        return Files.write(tmp.resolve(name), bytes);
    }

    private static byte[] noise(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The commands that run a Spark job into an output folder. */
    private static final List<String> SPARK_JOBS =
            List.of("classify", "evaluate", "extract-features", "timeline", "probe");

    /** Runs a command that writes to the guard folder with --overwrite, expecting a usage error. */
    private static void refused(List<String> args, String... mustMention) throws Exception {
        Map<String, String> before = snapshot(guard);
        List<String> all = new ArrayList<>(args);
        if (!all.contains("--output") && SPARK_JOBS.contains(all.get(0))) {
            all.addAll(List.of("--output", guard.toString(), "--overwrite"));
        }
        if (SPARK_JOBS.contains(all.get(0))) {
            all.addAll(List.of("--master", "local[1]", "--spark-conf", "spark.ui.enabled=false"));
        }
        CliRun r = CliRun.of(all.toArray(new String[0]));
        int usage = r.err().indexOf("Usage:");
        String message = usage < 0 ? r.err() : r.err().substring(0, usage);
        assertEquals(2, r.code(), String.join(" ", all) + "\nstderr: " + r.err());
        for (String m : mustMention) {
            assertTrue(message.contains(m), "message should mention '" + m + "': " + message);
        }
        assertTrue(!r.err().contains("\tat "), "a message, not a stack trace: " + r.err());
        assertEquals(before, snapshot(guard), "the earlier job's folder is untouched");
    }

    private static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(
                        dir.relativize(p).toString(),
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return files;
    }

    private static List<String> classify(Path input, String... extra) {
        List<String> a = new ArrayList<>(List.of("classify", "--input", input.toString()));
        a.addAll(List.of(extra));
        return a;
    }

    // --- manifests ---

    @Test
    void csvManifests() throws Exception {
        String g = good.toString();
        refused(classify(write("no-path.csv", "video_id,label\na,b\n")), "no-path.csv", "line 1", "path");
        refused(classify(write("ragged.csv", "path,label\n" + g + ",x\n" + g + ",y,z\n")), "ragged.csv", "line 3");
        refused(List.of("timeline", "--input", tmp.resolve("ragged.csv").toString()), "ragged.csv", "line 3");
        refused(classify(write("quote.csv", "path,label\n" + g + ",x\n\"" + g + ",y\n")), "quote.csv", "line 3");
        refused(classify(write("empty.csv", "")), "empty.csv");
        refused(classify(write("header-only.csv", "path,video_id\n")), "header-only.csv", "no video");
        refused(classify(write("dup.csv", "path,video_id\n" + g + ",a\n" + g + ",a\n")), "dup.csv", "line 3", "a");
        refused(classify(write("blank-path.csv", "path,video_id\n" + g + ",a\n,b\n")), "blank-path.csv", "line 3");
        refused(classify(write("binary.csv", noise(3000, 1))), "binary.csv");
        byte[] latin1 = ("path,label\n" + g + ",caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
        refused(classify(write("latin1.csv", latin1)), "latin1.csv");
    }

    @Test
    void jsonLinesManifests() throws Exception {
        String g = good.toString();
        refused(classify(write("bad.jsonl", "{\"path\":\"" + g + "\"}\n{\"path\": \n")), "bad.jsonl", "line 2");
        refused(classify(write("array.jsonl", "{\"path\":\"" + g + "\"}\n[1,2]\n")), "array.jsonl", "line 2");
        refused(classify(write("nopath.jsonl", "{\"video_id\":\"a\"}\n")), "nopath.jsonl", "line 1", "path");
        refused(
                classify(write("labels.jsonl", "{\"path\":\"" + g + "\",\"labels\":{\"a\":1}}\n")),
                "labels.jsonl",
                "line 1");
        refused(classify(write("empty.jsonl", "\n\n")), "empty.jsonl");
    }

    @Test
    void parquetManifests() throws Exception {
        refused(classify(write("noise.parquet", noise(5000, 2))), "noise.parquet");
        Path noPath = tmp.resolve("no-path.parquet");
        SparkSession spark = SparkSession.builder()
                .master("local[1]")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        spark.sql("SELECT 'a' AS video_id, 'x' AS label").coalesce(1).write().parquet(noPath.toString());
        Path intPath = tmp.resolve("int-path.parquet");
        spark.sql("SELECT 7 AS path").coalesce(1).write().parquet(intPath.toString());
        refused(classify(noPath), "no-path.parquet", "path");
        refused(classify(intPath), "int-path.parquet", "path");
    }

    // --- annotations ---

    private static List<String> evaluate(Path annotations, String type, String... extra) {
        List<String> a = new ArrayList<>(List.of(
                "evaluate",
                "--input",
                annotations.toString(),
                "--input-type",
                type,
                "--videos",
                good.getParent().toString()));
        a.addAll(List.of(extra));
        return a;
    }

    @Test
    void kineticsAnnotations() throws Exception {
        String header = "label,youtube_id,time_start,time_end,split\n";
        refused(
                evaluate(write("k-cols.csv", "label,youtube_id,split\nclass_1,good,val\n"), "kinetics"),
                "k-cols.csv",
                "time_start");
        refused(
                evaluate(write("k-time.csv", header + "class_1,good,0,10,val\nclass_2,other,ten,20,val\n"), "kinetics"),
                "k-time.csv",
                "line 3",
                "time_start");
        refused(
                evaluate(
                        write("k-label.csv", header + "class_1,good,0,10,val\nno such class,other,0,10,val\n"),
                        "kinetics"),
                "k-label.csv",
                "line 3",
                "no such class");
        refused(
                evaluate(write("k-empty-id.csv", header + "class_1,,0,10,val\n"), "kinetics"),
                "k-empty-id.csv",
                "line 2");
    }

    @Test
    void charadesAnnotations() throws Exception {
        StringBuilder codes = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            codes.append(String.format("c%03d Action %d%n", i, i));
        }
        String labels = write("charades10.txt", codes.toString()).toString();
        String header = "id,subject,scene,quality,relevance,verified,script,objects,descriptions,actions,length\n";
        refused(
                evaluate(
                        write("c-actions.csv", header + "good,s,x,5,5,Yes,s,o,d,c001 1.0 2.0;c009 1.0 x,30\n"),
                        "charades",
                        "--labels",
                        labels),
                "c-actions.csv",
                "line 2",
                "c009");
        refused(
                evaluate(
                        write("c-label.csv", header + "good,s,x,5,5,Yes,s,o,d,c077 1.0 2.0,30\n"),
                        "charades",
                        "--labels",
                        labels),
                "c-label.csv",
                "line 2",
                "c077");
        refused(
                evaluate(write("c-cols.csv", "name,actions\ngood,c001 1 2\n"), "charades", "--labels", labels),
                "c-cols.csv",
                "id");
    }

    // --- labels, weights, model configs ---

    @Test
    void labelLists() throws Exception {
        refused(classify(good, "--labels", write("empty-labels.txt", "").toString()), "empty-labels.txt");
        StringBuilder twice = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            twice.append("class_").append(i).append('\n');
        }
        twice.append("class_3\n");
        refused(classify(good, "--labels", write("twice.txt", twice.toString()).toString()), "twice.txt", "class_3");
        refused(classify(good, "--labels", write("short.txt", "a\nb\n").toString()), "short.txt", "2 classes");
        refused(
                classify(
                        good,
                        "--labels",
                        write("binary-labels.txt", noise(500, 3)).toString()),
                "binary-labels.txt");
    }

    @Test
    void weightsFiles() throws Exception {
        refused(classify(good, "--weights", write("noise.nlw", noise(4096, 4)).toString()), "noise.nlw");
        refused(classify(good, "--weights", write("noise.pkl", noise(4096, 5)).toString()), "noise.pkl");
        refused(classify(good, "--weights", write("noise.pth", noise(4096, 6)).toString()), "noise.pth");
        refused(classify(good, "--weights", write("empty.nlw", new byte[0]).toString()), "empty.nlw");
        refused(
                List.of(
                        "timeline",
                        "--input",
                        good.toString(),
                        "--weights",
                        tmp.resolve("noise.nlw").toString()),
                "noise.nlw");
        Path rendered = tmp.resolve("rendered.mp4");
        refused(
                List.of(
                        "render",
                        "--input",
                        good.toString(),
                        "--output",
                        rendered.toString(),
                        "--weights",
                        tmp.resolve("noise.pth").toString()),
                "noise.pth");
        assertTrue(!Files.exists(rendered), "render wrote nothing");
        // a real weights file of another network, and one cut short
        Path demo = Files.copy(
                nlvideo.jobs.cluster.Scripts.root().resolve("conf/weights/demo-nl-i3d.nlw"), tmp.resolve("demo.nlw"));
        String sevenClasses = Files.readString(
                        nlvideo.jobs.cluster.Scripts.root().resolve("conf/models/demo-nl-i3d.yaml"))
                .replace("numClasses: 10", "numClasses: 7")
                .replace("name: demo-nl-i3d", "name: seven");
        Path seven = write("seven.yaml", sevenClasses);
        refused(classify(good, "--model", seven.toString(), "--weights", demo.toString()), "demo.nlw", "seven");
        byte[] bytes = Files.readAllBytes(demo);
        Path cut = write("cut.nlw", java.util.Arrays.copyOf(bytes, bytes.length / 2));
        refused(classify(good, "--weights", cut.toString(), "--model", "demo-nl-i3d"), "cut.nlw");
        Path labelled = write("labelled.csv", "path,label\n" + good + ",class_1\n");
        refused(
                List.of(
                        "train",
                        "--model",
                        "tiny-nl-i3d",
                        "--train",
                        labelled.toString(),
                        "--val",
                        labelled.toString(),
                        "--init",
                        write("init-noise.nlw", noise(999, 10)).toString(),
                        "--output",
                        tmp.resolve("init-out").toString()),
                "init-noise.nlw");
    }

    @Test
    void modelConfigFiles() throws Exception {
        String tiny = Files.readString(nlvideo.jobs.cluster.Scripts.root().resolve("conf/models/tiny-nl-i3d.yaml"));
        assertTrue(tiny.contains("baseWidth: 8") && tiny.contains("blocks: [1, 1, 1, 1]"), tiny);
        refused(
                classify(
                        good,
                        "--model",
                        write("syntax.yaml", "name: x\n  depth: [50\n").toString()),
                "syntax.yaml");
        Path frames = tmp.resolve("frames-out");
        refused(
                List.of(
                        "frames",
                        "--input",
                        good.toString(),
                        "--output",
                        frames.toString(),
                        "--model",
                        tmp.resolve("syntax.yaml").toString()),
                "syntax.yaml");
        assertTrue(!Files.exists(frames), "frames wrote nothing");
        refused(
                classify(
                        good,
                        "--model",
                        write("unknown.yaml", tiny + "colour: blue\n").toString()),
                "unknown.yaml",
                "colour");
        refused(
                classify(
                        good,
                        "--model",
                        write("type.yaml", tiny.replace("baseWidth: 8", "baseWidth: eight"))
                                .toString()),
                "type.yaml",
                "baseWidth");
        refused(
                classify(
                        good,
                        "--model",
                        write("blocks.yaml", tiny.replace("blocks: [1, 1, 1, 1]", "blocks: [1, 1]"))
                                .toString()),
                "blocks.yaml",
                "blocks");
        refused(
                classify(
                        good,
                        "--model",
                        write("classes.yaml", tiny.replace("numClasses: 10", "numClasses: -3"))
                                .toString()),
                "classes.yaml",
                "numClasses");
        refused(classify(good, "--model", write("empty.yaml", "").toString()), "empty.yaml");
        refused(classify(good, "--model", write("noise.yaml", noise(700, 7)).toString()), "noise.yaml");
    }

    // --- training lists and forward's clips ---

    @Test
    void trainingLists() throws Exception {
        Path out = tmp.resolve("train-out");
        String g = good.toString();
        Path val = write("val.csv", "path,label\n" + g + ",a\n");
        refused(train(write("t-nolabel.csv", "path\n" + g + "\n").toString(), val.toString(), out), "t-nolabel.csv");
        refused(
                train(write("t-ragged.csv", "path,label\n" + g + ",a,b\n").toString(), val.toString(), out),
                "t-ragged.csv",
                "line 2");
        refused(train(val.toString(), write("v-binary.csv", noise(900, 8)).toString(), out), "v-binary.csv");
        assertTrue(!Files.exists(out), "nothing written");
    }

    private static List<String> forward(String clips, Path out) {
        return List.of(
                "forward",
                "--model",
                "tiny-nl-i3d",
                "--random-weights",
                "1",
                "--input",
                clips,
                "--output",
                out.toString());
    }

    private static List<String> train(String trainCsv, String valCsv, Path out) {
        return List.of(
                "train", "--model", "tiny-nl-i3d", "--train", trainCsv, "--val", valCsv, "--output", out.toString());
    }

    @Test
    void forwardClips() throws Exception {
        Path out = tmp.resolve("scores.npy");
        refused(forward(write("noise.npy", noise(2000, 9)).toString(), out), "noise.npy");
        byte[] header =
                "\u0093NUMPY\u0001\u0000v\u0000{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3, 8, 64, 64), }"
                        .getBytes(StandardCharsets.ISO_8859_1);
        byte[] cut = java.util.Arrays.copyOf(header, 128 + 100);
        refused(forward(write("cut.npy", cut).toString(), out), "cut.npy");
        assertTrue(!Files.exists(out), "nothing written");
    }
}
