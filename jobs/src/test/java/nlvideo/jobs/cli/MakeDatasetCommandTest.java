package nlvideo.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nlvideo.jobs.Main;
import nlvideo.pipeline.dataset.ManifestReader;
import nlvideo.pipeline.dataset.VideoRef;
import nlvideo.pipeline.video.VideoInfo;
import nlvideo.pipeline.video.VideoProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code make-dataset}: writes a readable dataset; bad arguments exit 2 naming the option, writing nothing. */
class MakeDatasetCommandTest {

    @TempDir
    Path tmp;

    private record Result(int code, String err) {}

    private static Result run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        return new Result(cli.execute(args), err.toString());
    }

    @Test
    void writesManifestsLabelsAndVideos() throws Exception {
        Path out = tmp.resolve("ds");
        Result r = run(
                "make-dataset",
                "--output",
                out.toString(),
                "--seed",
                "5",
                "--train",
                "10",
                "--val",
                "10",
                "--test",
                "0",
                "--size",
                "32",
                "--frames",
                "12",
                "--fps",
                "8",
                "--codec",
                "mpeg4");
        assertEquals(0, r.code(), r.err());
        assertEquals(10, Files.readAllLines(out.resolve("labels.txt")).size());
        List<VideoRef> train = ManifestReader.read(out.resolve("train.csv"));
        assertEquals(10, train.size());
        assertEquals(10, train.stream().map(v -> v.labels().get(0)).distinct().count());
        assertEquals(List.of("path,video_id,label"), Files.readAllLines(out.resolve("test.csv")));
        VideoInfo info = VideoProbe.probe(Path.of(train.get(0).path()));
        assertEquals(32, info.width());
        assertEquals(32, info.height());
        assertEquals(12, info.frameCount());
        assertEquals("mpeg4", info.codec());
        assertEquals(8.0, info.avgFps(), 1e-6);
    }

    @Test
    void badArgumentsNameTheOptionAndWriteNothing() {
        Path out = tmp.resolve("never");
        String[][] bad = {
            {"--size", "15"},
            {"--size", "30x"},
            {"--frames", "1"},
            {"--train", "-1"},
            {"--fps", "0"},
            {"--codec", "h265"},
            {"--threads", "0"},
            {"--seed", "x"},
        };
        for (String[] args : bad) {
            String[] all = new String[args.length + 5];
            all[0] = "make-dataset";
            all[1] = "--output";
            all[2] = out.toString();
            all[3] = "--seed";
            all[4] = "1";
            System.arraycopy(args, 0, all, 5, args.length);
            Result r = run(all);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains(args[0]), r.err());
            assertFalse(Files.exists(out), String.join(" ", args));
        }
        Result missing = run("make-dataset", "--output", out.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("--seed"), missing.err());
        assertEquals(0, run("make-dataset", "--help").code());
    }

    @Test
    void nonEmptyOutputNeedsOverwrite() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("full"));
        Path keep = Files.writeString(out.resolve("keep.txt"), "precious");
        Result r = run(
                "make-dataset",
                "--output",
                out.toString(),
                "--seed",
                "1",
                "--train",
                "10",
                "--val",
                "0",
                "--test",
                "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--overwrite"), r.err());
        assertEquals("precious", Files.readString(keep));
        assertFalse(Files.exists(out.resolve("train.csv")));
    }
}
