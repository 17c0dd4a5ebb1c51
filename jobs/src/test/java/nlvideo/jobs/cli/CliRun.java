package nlvideo.jobs.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import nlvideo.jobs.Main;
import picocli.CommandLine;

/** One command run through {@link Main}'s command line, with what it printed. */
record CliRun(int code, String out, String err) {

    static CliRun of(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
