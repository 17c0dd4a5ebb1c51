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
    void unknownPrecisionNamesTheOption() {
        Path out = tmp.resolve("never");
        Result r = run("classify", "--input", tmp.toString(), "--output", out.toString(), "--precision", "fp16");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--precision"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void noCommandIsUsageError() {
        assertEquals(2, run().code());
        assertFalse(run("--help").err().contains("Missing"));
        assertEquals(0, run("--help").code());
        assertEquals(0, run("probe", "--help").code());
    }
}
