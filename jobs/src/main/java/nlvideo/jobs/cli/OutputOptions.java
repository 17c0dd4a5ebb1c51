package nlvideo.jobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import nlvideo.jobs.output.OutputFormat;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where and how a job writes its results; shared by every command that writes tables. */
public final class OutputOptions {

    @Option(
            names = "--output",
            paramLabel = "DIR",
            description = "Output folder: one file per table (NAME.csv, NAME.json) or one Parquet"
                    + " sub-folder per table, plus summary.json (and report.html).")
    public Path output;

    @Option(
            names = "--format",
            paramLabel = "FMT",
            description = "csv, json or parquet (default: parquet with --output, csv on stdout).")
    public OutputFormat format;

    @Option(names = "--overwrite", description = "Replace an existing output folder.")
    public boolean overwrite;

    /** The format in force: the user's, else parquet for files and csv for the terminal. */
    public OutputFormat formatOrDefault() {
        if (format != null) {
            return format;
        }
        return output == null ? OutputFormat.CSV : OutputFormat.PARQUET;
    }

    /**
     * Checks the options before any work starts, so that a bad call writes nothing.
     *
     * @param stdoutAllowed whether the command can print its table instead of writing files
     */
    public void validate(CommandLine cli, boolean stdoutAllowed) {
        if (output == null) {
            if (!stdoutAllowed) {
                throw new CommandLine.ParameterException(cli, "Missing required option: '--output=DIR'");
            }
            if (format == OutputFormat.PARQUET) {
                throw new CommandLine.ParameterException(
                        cli, "--format parquet needs --output: Parquet cannot be printed");
            }
            return;
        }
        if (Files.exists(output) && !overwrite && !isEmptyDirectory(output)) {
            throw new CommandLine.ParameterException(
                    cli, "--output " + output + " exists; pass --overwrite to replace it");
        }
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new CommandLine.ParameterException(cli, "--output " + output + " is a file, not a folder");
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (Exception e) {
            return false;
        }
    }
}
