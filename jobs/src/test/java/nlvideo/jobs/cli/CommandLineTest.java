package nlvideo.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import nlvideo.jobs.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad calls are refused with exit code 2 and a message that names the option; nothing is written. */
class CommandLineTest {

    @TempDir
    Path tmp;

    private record Result(int code, String err) {}

    private static Result run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int code = cli.execute(args);
        return new Result(code, err.toString());
    }

    @Test
    void unknownOptionIsUsageError() {
        Result r = run("probe", "--input", tmp.toString(), "--frobnicate", "3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--frobnicate"), r.err());
    }

    @Test
    void badFormatNamesTheOption() {
        Result r = run("probe", "--input", tmp.toString(), "--format", "xml");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--format"), r.err());
    }

    @Test
    void missingInputIsUsageError() {
        Result r = run("probe", "--input", tmp.resolve("nope").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--input"), r.err());
    }

    @Test
    void existingOutputIsRefusedWithoutOverwrite() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path keep = Files.writeString(out.resolve("keep.txt"), "precious");
        Result r = run("probe", "--input", tmp.toString(), "--output", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--overwrite"), r.err());
        assertEquals("precious", Files.readString(keep));
    }

    @Test
    void parquetOnTheTerminalIsRefused() {
        Result r = run("probe", "--input", tmp.toString(), "--format", "parquet");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--output"), r.err());
    }

    @Test
    void meanLogitsOnAProbabilityHeadIsRefusedBeforeAnythingIsWritten() {
        Path out = tmp.resolve("out");
        // i3d-nl5-r50-8x8 tests with the fully convolutional head: its scores are probabilities
        Result r = run(
                "classify",
                "--input",
                tmp.toString(),
                "--model",
                "i3d-nl5-r50-8x8",
                "--aggregate",
                "mean-logits",
                "--output",
                out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--aggregate mean-logits"), r.err());
        assertTrue(r.err().contains("probabilities"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void unknownPrecisionNamesTheOption() {
        Path out = tmp.resolve("never");
        Result r = run("classify", "--input", tmp.toString(), "--output", out.toString(), "--precision", "fp16");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--precision"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void badProtocolOptionsNameTheOption() {
        for (String[] bad : new String[][] {
            {"--frames", "0"},
            {"--crops", "2"},
            {"--sampling", "tsn"},
            {"--dense-interval", "-1"},
            {"--target-fps", "-30"}
        }) {
            Result r = run("classify", "--input", tmp.toString(), bad[0], bad[1]);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains(bad[0]), bad[0] + ": " + r.err());
        }
        Result r = run("classify", "--input", tmp.toString(), "--crop-size", "100");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("crop 100 must not exceed the short side 72"), r.err());
    }

    @Test
    void noCommandIsUsageError() {
        assertEquals(2, run().code());
        assertFalse(run("--help").err().contains("Missing"));
        assertEquals(0, run("--help").code());
        assertEquals(0, run("probe", "--help").code());
    }
}
