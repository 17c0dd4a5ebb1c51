package nlvideo.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nlvideo.jobs.output.OutputFolder;
import nlvideo.pipeline.video.SampleVideos;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every option of every command, given a value it cannot take: exit code 2, a message that names
 * the option, and nothing written or deleted (the commands that write a folder are pointed at an
 * earlier job's folder with {@code --overwrite}, or at a folder that must not appear).
 */
class BadOptionsTest {

    @TempDir
    static Path tmp;

    static Path video;
    static Path guard;

    @BeforeAll
    static void setUp() throws Exception {
        video = tmp.resolve("v.mp4");
        SampleVideos.write(video, SampleVideos.Format.H264_MP4, 64, 48, 25, 30);
        guard = tmp.resolve("earlier-job");
        OutputFolder.claim(guard, OutputFolder.Mode.NEW, "classify", Map.of());
        Files.writeString(guard.resolve("keep.txt"), "earlier results");
    }

    @AfterAll
    static void stopSpark() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    /** A command line (with {V} for a good video, {G} for the earlier job, {T} for a fresh folder) and the option to name. */
    static Stream<String[]> cases() {
        List<String[]> c = new ArrayList<>();
        String job = " --input {V} --output {G} --overwrite --master local[1]";
        for (String cmd : List.of("classify", "evaluate", "extract-features", "timeline")) {
            for (String[] bad : new String[][] {
                {"--batch-size 0", "--batch-size"},
                {"--batch-size many", "--batch-size"},
                {"--clips-per-unit -1", "--clips-per-unit"},
                {"--partitions -1", "--partitions"},
                {"--aggregate median", "--aggregate"},
                {"--decode-timeout -1", "--decode-timeout"},
                {"--top-k 0", "--top-k"},
                {"--format xml", "--format"},
                {"--input-type tar", "--input-type"},
                {"--videos {T}/nowhere", "--videos"},
                {"--clips 0", "--clips"},
                {"--crops 2", "--crops"},
                {"--frames 0", "--frames"},
                {"--stride 0", "--stride"},
                {"--sampling random-ish", "--sampling"},
                {"--short-side -5", "--short-side"},
                {"--crop-size 0", "--crop-size"},
                {"--target-fps -1", "--target-fps"},
                {"--dense-interval 0", "--dense-interval"},
                {"--deinterlace sideways", "--deinterlace"},
                {"--model no-such-preset", "--model"},
                {"--labels no-such-list", "--labels"},
                {"--seed x", "--seed"},
                {"--weights {T}/none.nlw", "--weights"},
                {"--spark-conf novalue", "--spark-conf"},
                {"--resume --overwrite", "--overwrite"},
            }) {
                c.add(new String[] {cmd + job + " " + bad[0], bad[1]});
            }
        }
        c.add(new String[] {"classify --input {T}/nowhere --output {G} --overwrite", "--input"});
        c.add(new String[] {"classify --input {V} --output {G} --overwrite --master nonsense", "--master"});
        c.add(new String[] {"classify --input {V} --output {G} --overwrite --master local[0]", "--master"});
        c.add(new String[] {"evaluate" + job + " --metric f1", "--metric"});
        for (String[] bad : new String[][] {
            {"--step 0", "--step"},
            {"--step Infinity", "--step"},
            {"--window -2", "--window"},
            {"--window Infinity", "--window"},
            {"--smooth -1", "--smooth"},
            {"--threshold 1.5", "--threshold"},
        }) {
            c.add(new String[] {"timeline" + job + " " + bad[0], bad[1]});
        }
        for (String[] bad : new String[][] {
            {"classify --watch {T}/nowhere --output {T}-out", "--watch"},
            {"classify --watch {T} --output {T}-out --trigger 0", "--trigger"},
            {"classify --watch {T} --output {T}-out --settle -1", "--settle"},
            {"extract-features --watch {T} --output {T}-out --trigger x", "--trigger"},
            {"classify --watch {T} --input {V} --output {T}-out", "--watch"},
            {"classify --watch {T}", "--watch"},
            {"classify --watch {T} --output {T}/out", "--output"},
            {"classify --watch {T} --output {G}", "--output"},
            {"classify --input {V} --output {G} --overwrite --trigger 2", "--trigger"},
            {"classify --input {V} --output {G} --overwrite --probe {T}/none", "--probe"},
            {"train-probe --features {T}/none --labels {L} --output {T}/p", "--features"},
            {"train-probe --features {G} --labels {T}/none.csv --output {T}/p", "--labels"},
            {"train-probe --features {G} --labels {L} --output {G}", "--output"},
            {"train-probe --features {G} --labels {L} --output {T}/p --folds 1", "--folds"},
            {"train-probe --features {G} --labels {L} --output {T}/p --reg-params -1", "--reg-params"},
            {"train-probe --features {G} --labels {L} --output {T}/p --reg-params x", "--reg-params"},
            {"train-probe --features {G} --labels {L} --output {T}/p --max-iter 0", "--max-iter"},
        }) {
            c.add(bad);
        }
        c.add(new String[] {"probe --input {V} --output {G} --overwrite --format xml", "--format"});
        c.add(new String[] {"probe --input {V} --output {G} --overwrite --input-type tar", "--input-type"});
        c.add(new String[] {"probe --input {V} --output {G} --overwrite --master nonsense", "--master"});
        c.add(new String[] {"probe --input {V} --format parquet", "--format"});
        c.add(new String[] {"probe --input {V} --output {G} --overwrite --decode-timeout -1", "--decode-timeout"});
        c.add(new String[] {"probe --input {V} --output {G} --overwrite --decode-timeout soon", "--decode-timeout"});
        c.add(new String[] {"forward --model tiny-nl-i3d --input {V} --output {T}/s.npy", "--weights"});
        c.add(new String[] {
            "forward --model tiny-nl-i3d --random-weights 1 --weights {V} --input {V} --output {T}/s.npy", "--weights"
        });
        c.add(new String[] {
            "forward --model tiny-nl-i3d --random-weights 1 --input {V} --output {T}/s.npy" + " --batch-size 0",
            "--batch-size"
        });
        c.add(new String[] {
            "forward --model tiny-nl-i3d --random-weights x --input {V} --output {T}/s.npy", "--random-weights"
        });
        c.add(new String[] {"model-info --model tiny-nl-i3d --frames 0", "--frames"});
        c.add(new String[] {"model-info --model tiny-nl-i3d --size -1", "--size"});
        c.add(new String[] {"model-info --model nope", "--model"});
        c.add(new String[] {"convert-weights --model tiny-nl-i3d --input {V} --output {T}/w.txt", "--output"});
        c.add(new String[] {"convert-weights --model tiny-nl-i3d --input {T}/none --output {T}/w.nlw", "--input"});
        String train = "train --model tiny-nl-i3d --train {L} --val {L} --output {T}/run ";
        for (String[] bad : new String[][] {
            {"--epochs 0", "--epochs"},
            {"--batch-size 0", "--batch-size"},
            {"--lr -1", "--lr"},
            {"--lr fast", "--lr"},
            {"--momentum 1.5", "--momentum"},
            {"--weight-decay -1", "--weight-decay"},
            {"--schedule zigzag", "--schedule"},
            {"--warmup-epochs -1", "--warmup-epochs"},
            {"--decode-threads 0", "--decode-threads"},
            {"--stop-after 0", "--stop-after"},
            {"--new-classifier", "--new-classifier"},
            {"--init {T}/none.nlw", "--init"},
            {"--labels {T}/none.txt", "--labels"},
        }) {
            c.add(new String[] {train + bad[0], bad[1]});
        }
        c.add(new String[] {"train --resume {T}/nothing-here", "--resume"});
        String dataset = "make-dataset --output {T}/ds --seed 1 --train 2 --val 0 --test 0 ";
        for (String[] bad : new String[][] {
            {"--size 15", "--size"},
            {"--fps 0", "--fps"},
            {"--frames 1", "--frames"},
            {"--codec theora", "--codec"},
            {"--threads 0", "--threads"},
            {"--train -1", "--train"},
        }) {
            c.add(new String[] {dataset + bad[0], bad[1]});
        }
        c.add(new String[] {"make-dataset --output {G} --seed 1 --train 1 --val 0 --test 0", "--output"});
        c.add(new String[] {"make-samples --output {G}", "--output"});
        String frames = "frames --input {V} --output {G} --overwrite ";
        for (String[] bad : new String[][] {
            {"--indices x", "--indices"},
            {"--indices -1", "--indices"},
            {"--crops 2", "--crops"},
            {"--short-side -1", "--short-side"},
            {"--deinterlace sideways", "--deinterlace"},
            {"--model no-such-preset", "--model"},
        }) {
            c.add(new String[] {frames + bad[0], bad[1]});
        }
        c.add(new String[] {"frames --input {T}/none.mp4 --output {T}/f", "--input"});
        c.add(new String[] {"frames --input {V} --output {G}", "--output"});
        c.add(new String[] {"frames --input {V} --output {T}/l.csv", "--output"});
        String render = "render --input {V} --output {T}/r.mp4 ";
        for (String[] bad : new String[][] {
            {"--top-k 0", "--top-k"},
            {"--crf 52", "--crf"},
            {"--step 0", "--step"},
            {"--model no-such-preset", "--model"},
            {"--weights {T}/none.nlw", "--weights"},
            {"--from {T}/nowhere", "--from"},
            {"--video-id a", "--video-id"},
            {"--master nonsense", "--master"},
        }) {
            c.add(new String[] {render + bad[0], bad[1]});
        }
        c.add(new String[] {"render --input {T}/none.mp4 --output {T}/r.mp4", "--input"});
        c.add(new String[] {"render --input {V} --output {T}/l.csv", "--output"});
        c.add(new String[] {"render --input {V} --output {V} --overwrite", "--output"});
        c.add(new String[] {"render --input {V} --output {G} --overwrite", "--output"});
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithExitCode2NamingTheOption(String line, String option) throws Exception {
        Path fresh = Files.createTempDirectory(tmp, "fresh");
        Path labelled = Files.writeString(fresh.resolve("l.csv"), "path,label\n" + video + ",class_1\n");
        String[] args = line.replace("{V}", video.toString())
                .replace("{G}", guard.toString())
                .replace("{T}", fresh.toString())
                .replace("{L}", labelled.toString())
                .split(" ");
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--spark-conf", "spark.ui.enabled=false").subList(0, sparkCommand(args[0]) ? 2 : 0));
        CliRun r = CliRun.of(all.toArray(new String[0]));
        assertEquals(2, r.code(), line + "\n" + r.err());
        int usage = r.err().indexOf("Usage:");
        String message = usage < 0 ? r.err() : r.err().substring(0, usage);
        assertTrue(message.contains(option), "message should name " + option + ": " + message);
        assertFalse(r.err().contains("\tat "), "a message, not a stack trace: " + r.err());
        assertEquals(List.of("l.csv"), list(fresh), "nothing written");
        assertEquals(List.of(OutputFolder.MARKER, "keep.txt"), list(guard), "the earlier job's folder is untouched");
        assertEquals("earlier results", Files.readString(guard.resolve("keep.txt")));
    }

    private static boolean sparkCommand(String command) {
        return List.of("classify", "evaluate", "extract-features", "timeline", "probe", "render")
                .contains(command);
    }

    private static List<String> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
