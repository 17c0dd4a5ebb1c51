package nlvideo.jobs.cli;

import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --decode-timeout}: how long probing one video, or decoding one work unit, may take before
 * it ends as an error row of kind {@code timeout} ({@link nlvideo.jobs.recovery.TimeLimit}). Shared
 * by the classification commands ({@link RunOptions}) and {@code probe}.
 */
public final class DecodeTimeoutOption {

    /** Seconds one probe or one work unit's decode may take unless {@code --decode-timeout} says otherwise. */
    static final int DEFAULT_SECONDS = 600;

    @Option(
            names = "--decode-timeout",
            paramLabel = "SECONDS",
            defaultValue = DEFAULT_SECONDS + "",
            description = "Longest that probing one video or decoding one work unit may take; a file"
                    + " that hangs the decoder longer ends as an error row of kind timeout, and the"
                    + " task goes on (default: ${DEFAULT-VALUE}; 0: no limit).")
    int seconds;

    /**
     * The limit in seconds, at least 0 (0: none).
     *
     * @throws CommandLine.ParameterException (exit 2) naming the option when it is negative
     */
    public int seconds(CommandLine cli) {
        if (seconds < 0) {
            throw new CommandLine.ParameterException(cli, "--decode-timeout must not be negative");
        }
        return seconds;
    }

    /** The limit as a duration ({@link Duration#ZERO}: none); throws as {@link #seconds(CommandLine)}. */
    public Duration limit(CommandLine cli) {
        return Duration.ofSeconds(seconds(cli));
    }
}
