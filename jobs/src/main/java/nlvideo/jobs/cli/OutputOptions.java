package nlvideo.jobs.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nlvideo.jobs.output.OutputFolder;
import nlvideo.jobs.output.OutputFolderException;
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

    @Option(
            names = "--overwrite",
            description = "Replace an existing output folder: only one an earlier nlvideo job wrote" + " (it holds "
                    + OutputFolder.MARKER + ") and that holds none of this job's inputs.")
    public boolean overwrite;

    /** The format in force: the user's, else parquet for files and csv for the terminal. */
    public OutputFormat formatOrDefault() {
        if (format != null) {
            return format;
        }
        return output == null ? OutputFormat.CSV : OutputFormat.PARQUET;
    }

    /**
     * Checks the options before any work starts, so that a bad call writes nothing: the format,
     * and the folder against {@link OutputFolder}'s rules with the paths the command line names as
     * inputs.
     *
     * @param stdoutAllowed whether the command can print its table instead of writing files
     * @param resume whether the command was asked to continue a job ({@code --resume})
     * @throws CommandLine.ParameterException (exit code 2) naming the option
     */
    public void validate(CommandLine cli, boolean stdoutAllowed, boolean resume) {
        if (output == null) {
            if (!stdoutAllowed) {
                throw new CommandLine.ParameterException(cli, "Missing required option: '--output=DIR'");
            }
            if (format == OutputFormat.PARQUET) {
                throw new CommandLine.ParameterException(
                        cli, "--format parquet needs --output: Parquet cannot be printed");
            }
            if (resume) {
                throw new CommandLine.ParameterException(
                        cli, "--resume needs --output: the folder whose job it continues");
            }
            return;
        }
        if (resume && overwrite) {
            throw new CommandLine.ParameterException(
                    cli, "--resume and --overwrite exclude each other: continue the job, or start it again");
        }
        check(cli, resume, List.of());
    }

    /** As {@link #validate(CommandLine, boolean, boolean)} for a command that cannot resume. */
    public void validate(CommandLine cli, boolean stdoutAllowed) {
        validate(cli, stdoutAllowed, false);
    }

    /**
     * Takes the output folder once the job's inputs are known, before anything is written: checks
     * it again with every input video, then deletes it ({@code --overwrite}) and writes the marker.
     *
     * @param videos the paths of every video the job reads (they may not be inside a folder that
     *     is about to be replaced)
     * @param settings what decides the job's results, kept in the marker and compared on resume
     * @return the folder, or null when the tables go to the terminal
     * @throws CommandLine.ParameterException (exit code 2) when the folder may not be used
     */
    public OutputFolder claim(
            CommandLine cli, boolean resume, String command, Map<String, String> settings, Collection<Path> videos) {
        if (output == null) {
            return null;
        }
        check(cli, resume, videos);
        try {
            return OutputFolder.claim(output, mode(resume), command, settings);
        } catch (OutputFolderException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
    }

    private OutputFolder.Mode mode(boolean resume) {
        return resume ? OutputFolder.Mode.RESUME : overwrite ? OutputFolder.Mode.OVERWRITE : OutputFolder.Mode.NEW;
    }

    private void check(CommandLine cli, boolean resume, Collection<Path> videos) {
        List<Path> inputs = new ArrayList<>(OptionPaths.inputs(cli, Set.of("--output")));
        inputs.addAll(videos);
        try {
            OutputFolder.check("--output", output, mode(resume), inputs);
        } catch (OutputFolderException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
    }

    /**
     * {@link OutputFolder#check} for a command with its own {@code --output DIR} and {@code
     * --overwrite} (make-dataset, make-samples, train): a usage error when the folder may not be
     * used, with the command line's paths as inputs.
     */
    static void checkFolder(CommandLine cli, Path dir, boolean overwrite, Collection<Path> videos) {
        List<Path> inputs = new ArrayList<>(OptionPaths.inputs(cli, Set.of("--output")));
        inputs.addAll(videos);
        try {
            OutputFolder.check(
                    "--output", dir, overwrite ? OutputFolder.Mode.OVERWRITE : OutputFolder.Mode.NEW, inputs);
        } catch (OutputFolderException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
    }

    /** {@link #checkFolder} again with every input known, then {@link OutputFolder#claim}. */
    static OutputFolder claimFolder(
            CommandLine cli,
            Path dir,
            boolean overwrite,
            String command,
            Map<String, String> settings,
            Collection<Path> videos) {
        checkFolder(cli, dir, overwrite, videos);
        try {
            return OutputFolder.claim(
                    dir, overwrite ? OutputFolder.Mode.OVERWRITE : OutputFolder.Mode.NEW, command, settings);
        } catch (OutputFolderException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
    }
}
