package nlvideo.jobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    @Option(
            names = "--overwrite",
            description = "Replace a folder an earlier nlvideo command wrote (it holds "
                    + nlvideo.jobs.output.OutputFolder.MARKER + ").")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        OutputOptions.claimFolder(spec.commandLine(), output, overwrite, "make-samples", Map.of(), List.of());
        Files.createDirectories(output);
        var written = SampleVideos.writeAssorted(output);
        System.out.println("wrote " + written.size() + " files to " + output);
        return 0;
    }
}
