package nlvideo.jobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --watch DIR}: classify the videos that arrive in a folder, as a Spark Structured
 * Streaming query ({@link nlvideo.jobs.stream.WatchQuery}), instead of the videos of {@code
 * --input}. The options of classify and extract-features.
 */
public final class WatchOptions {

    /** Seconds between micro-batches unless {@code --trigger} says otherwise. */
    static final double DEFAULT_TRIGGER_SECONDS = 1;

    /** Seconds a file must stay unchanged before it is read, unless {@code --settle} says otherwise. */
    static final double DEFAULT_SETTLE_SECONDS = 2;

    @Option(
            names = "--watch",
            paramLabel = "DIR",
            description = "Instead of --input: classify every video that lands in DIR (recursively) once,"
                    + " appending to the tables in --output, until stopped (Ctrl-C); started again, it"
                    + " resumes where it stopped. Move finished files in (rename), or write them as"
                    + " hidden .NAME.part files first; names starting with '.' or '_' are ignored.")
    Path watch;

    @Option(
            names = "--trigger",
            paramLabel = "SECONDS",
            description = "With --watch: seconds between looks at the folder (default: 1).")
    Double trigger;

    @Option(
            names = "--settle",
            paramLabel = "SECONDS",
            description = "With --watch: a file is read once it has not changed for this long, so that"
                    + " one still being copied in is not read half-written (default: 2; 0 when files"
                    + " only ever appear by rename).")
    Double settle;

    /** Whether {@code --watch} was given. */
    boolean watching() {
        return watch != null;
    }

    /**
     * Checks the watch options before anything starts.
     *
     * @throws CommandLine.ParameterException (exit code 2) naming the option
     */
    void validate(CommandLine cli) {
        if (!Files.isDirectory(watch)) {
            throw new CommandLine.ParameterException(cli, "--watch " + watch + " is not a folder");
        }
        if (trigger != null && !(trigger > 0 && trigger <= 3600)) {
            throw new CommandLine.ParameterException(cli, "--trigger must be more than 0 and at most 3600 seconds");
        }
        if (settle != null && !(settle >= 0 && settle <= 3600)) {
            throw new CommandLine.ParameterException(cli, "--settle must be 0 to 3600 seconds");
        }
    }

    /**
     * Refuses {@code --trigger} and {@code --settle} without {@code --watch}.
     *
     * @throws CommandLine.ParameterException (exit code 2)
     */
    void checkUnused(CommandLine cli) {
        if (trigger != null || settle != null) {
            throw new CommandLine.ParameterException(cli, "--trigger and --settle need --watch DIR");
        }
    }

    double triggerSeconds() {
        return trigger != null ? trigger : DEFAULT_TRIGGER_SECONDS;
    }

    double settleSeconds() {
        return settle != null ? settle : DEFAULT_SETTLE_SECONDS;
    }
}
