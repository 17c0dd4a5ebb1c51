package nlvideo.jobs;

import nlvideo.jobs.cli.ClassifyCommand;
import nlvideo.jobs.cli.ConvertWeightsCommand;
import nlvideo.jobs.cli.EvaluateCommand;
import nlvideo.jobs.cli.ExtractFeaturesCommand;
import nlvideo.jobs.cli.ForwardCommand;
import nlvideo.jobs.cli.FramesCommand;
import nlvideo.jobs.cli.MakeDatasetCommand;
import nlvideo.jobs.cli.MakeSamplesCommand;
import nlvideo.jobs.cli.ModelInfoCommand;
import nlvideo.jobs.cli.ProbeCommand;
import nlvideo.jobs.cli.RenderCommand;
import nlvideo.jobs.cli.TimelineCommand;
import nlvideo.jobs.cli.TrainCommand;
import nlvideo.jobs.cli.TrainProbeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code nlvideo} command line: one launcher for every job, embedded or under spark-submit.
 *
 * <p>Exit codes: 0 done, 1 the job failed, 2 bad arguments (picocli's usage code; nothing is
 * written in that case, because commands validate before they start Spark).
 */
@Command(
        name = "nlvideo",
        mixinStandardHelpOptions = true,
        version = "nlvideo 0.1.0",
        description = "Distributed NL-I3D video classification on Apache Spark.",
        subcommands = {
            ClassifyCommand.class,
            EvaluateCommand.class,
            ExtractFeaturesCommand.class,
            TimelineCommand.class,
            RenderCommand.class,
            ProbeCommand.class,
            FramesCommand.class,
            ForwardCommand.class,
            ModelInfoCommand.class,
            ConvertWeightsCommand.class,
            MakeSamplesCommand.class,
            MakeDatasetCommand.class,
            TrainCommand.class,
            TrainProbeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a command there is nothing to do: show what there is. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(Main::badArguments);
        return cli;
    }

    /**
     * A bad option or argument: its message, suggestions for a mistyped option, and where the
     * options are listed, on stderr; not the whole usage text, which buries the message.
     *
     * @return exit code 2
     */
    private static int badArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        java.io.PrintWriter err = cmd.getErr();
        err.println(cmd.getColorScheme().errorText(e.getMessage()));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Try '" + cmd.getCommandSpec().qualifiedName(" ") + " --help' for the options.");
        }
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Runs one command and returns its exit code, without exiting the JVM. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
