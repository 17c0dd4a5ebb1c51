package nlvideo.jobs.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import nlvideo.pipeline.dataset.VideoRef;
import picocli.CommandLine;

/**
 * The files and folders a command line names: the value of every option given, other than the
 * ones that name what the command writes, that is an existing path (a {@code Path} option, or a
 * text option such as {@code --model FILE} or {@code --labels FILE} that names a file). These are
 * the job's inputs that {@code --overwrite} must never delete.
 */
final class OptionPaths {

    private OptionPaths() {}

    /**
     * @param outputs names of the options that name what the command writes (e.g. {@code --output})
     */
    static List<Path> inputs(CommandLine cli, Set<String> outputs) {
        List<Path> paths = new ArrayList<>();
        CommandLine.ParseResult parsed = cli.getParseResult();
        if (parsed == null) {
            return paths;
        }
        for (CommandLine.Model.OptionSpec option : parsed.matchedOptions()) {
            if (outputs.contains(option.longestName())) {
                continue;
            }
            Object value = option.getValue();
            if (value instanceof Collection<?> many) {
                many.forEach(v -> add(paths, v));
            } else {
                add(paths, value);
            }
        }
        return paths;
    }

    /** The paths of the videos a job reads (missing ones and names that are no local path left out). */
    static List<Path> videos(List<VideoRef> refs) {
        List<Path> paths = new ArrayList<>(refs.size());
        for (VideoRef r : refs) {
            if (!r.isMissing()) {
                try {
                    paths.add(Path.of(r.path()));
                } catch (InvalidPathException e) {
                    // not a local path: it cannot lie inside the output folder
                }
            }
        }
        return paths;
    }

    private static void add(List<Path> paths, Object value) {
        if (value instanceof Path p) {
            paths.add(p);
        } else if (value instanceof String s && !s.isBlank()) {
            try {
                Path p = Path.of(s);
                if (Files.exists(p)) {
                    paths.add(p);
                }
            } catch (InvalidPathException e) {
                // not a path: nothing to protect
            }
        }
    }
}
