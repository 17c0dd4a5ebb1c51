package nlvideo.jobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import nlvideo.pipeline.video.SampleVideos;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nlvideo make-samples}: a small folder of assorted real encoded videos, some broken. */
@Command(
        name = "make-samples",
        mixinStandardHelpOptions = true,
        description = "Write a folder of assorted sample videos (several codecs and containers,"
                + " odd sizes, rotation, variable frame rate, non-square pixels, written to a pipe,"
                + " cut short with the index first, damaged in the middle) and some broken files,"
                + " for trying the other commands.")
public final class MakeSamplesCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Folder to write.")
    Path output;

    @Option(names = "--overwrite", description = "Write into a folder that already has files.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        if (Files.isDirectory(output) && !overwrite) {
            try (var entries = Files.list(output)) {
                if (entries.findAny().isPresent()) {
                    throw new CommandLine.ParameterException(
                            spec.commandLine(),
                            "--output " + output + " is not empty; pass --overwrite to write into it");
                }
            }
        }
        Files.createDirectories(output);
        var written = SampleVideos.writeAssorted(output);
        System.out.println("wrote " + written.size() + " files to " + output);
        return 0;
    }
}
