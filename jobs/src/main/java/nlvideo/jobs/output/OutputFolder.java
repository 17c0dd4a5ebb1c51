package nlvideo.jobs.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import nlvideo.pipeline.dataset.VideoFileIndex;

/**
 * The folder a job writes, and the rules that keep {@code --overwrite} from deleting anything but
 * an earlier nlvideo job's output.
 *
 * <p>Every job that writes a folder first writes the marker {@link #MARKER} into it (the command,
 * when it started, and the settings that decide its results). A folder may then be:
 * <ul>
 *   <li>new, or an existing empty folder: always used;
 *   <li>replaced ({@link Mode#OVERWRITE}): only when it carries the marker, is a real folder (not a
 *       link), and holds none of the job's inputs (it is not an input, nor does it contain one);
 *   <li>continued ({@link Mode#RESUME}): only when its marker names the same command with the same
 *       settings.
 * </ul>
 * Anything else is refused with an {@link OutputFolderException} before a byte is written or
 * deleted; commands turn it into a usage error (exit code 2).
 */
public final class OutputFolder {

    /** The marker file an nlvideo job writes first into its output folder. */
    public static final String MARKER = VideoFileIndex.OWN_FILES_PREFIX + ".json";

    /** Where a job keeps its own bookkeeping (committed task results, task journals). */
    public static final String WORK = VideoFileIndex.OWN_FILES_PREFIX;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What the job may do with a folder that already has files. */
    public enum Mode {
        /** Refuse a folder that has files. */
        NEW,
        /** Delete an earlier nlvideo job's folder and start again. */
        OVERWRITE,
        /** Continue the job an earlier run of the same command started there. */
        RESUME
    }

    private final Path dir;

    private OutputFolder(Path dir) {
        this.dir = dir;
    }

    /** The folder, absolute. */
    public Path dir() {
        return dir;
    }

    /** The job's bookkeeping folder inside it ({@value #WORK}), created on first use. */
    public Path workDir() {
        return dir.resolve(WORK);
    }

    /**
     * Checks that a job may write {@code dir} in {@code mode}, without touching anything.
     *
     * @param option the option that named the folder, for messages (e.g. {@code --output})
     * @param inputs every file or folder the job reads (option values, listed videos); none may be,
     *     or lie inside, a folder that is about to be replaced
     * @throws OutputFolderException with a message naming the option and the folder
     */
    public static void check(String option, Path dir, Mode mode, Collection<Path> inputs) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(abs)) {
            throw new OutputFolderException(option + " " + dir + " is a file, not a folder");
        }
        if (isEmpty(abs)) {
            return;
        }
        boolean marked = Files.isRegularFile(abs.resolve(MARKER));
        switch (mode) {
            case NEW ->
                throw new OutputFolderException(option + " " + dir + " exists and is not empty; pass"
                        + " --overwrite to replace " + (marked ? "it" : "an earlier nlvideo job's folder")
                        + (marked ? " (or --resume, where the command has it, to continue its job)" : ""));
            case RESUME -> {
                if (!marked) {
                    throw new OutputFolderException(option + " " + dir + " has no " + MARKER
                            + ": it was not written by an nlvideo job, so there is nothing to resume");
                }
            }
            case OVERWRITE -> {
                if (Files.isSymbolicLink(abs)) {
                    throw new OutputFolderException(
                            option + " " + dir + " is a symbolic link: name the folder itself to replace it");
                }
                if (!marked) {
                    throw new OutputFolderException(option + " " + dir + " was not written by nlvideo (it has no "
                            + MARKER + "), so --overwrite will not delete it: remove it yourself or choose"
                            + " another folder");
                }
                Path input = inputInside(abs, inputs);
                if (input != null) {
                    throw new OutputFolderException(option + " " + dir + " holds an input of this job (" + input
                            + "); --overwrite would delete it: choose another output folder");
                }
            }
        }
    }

    /**
     * Takes the folder for a job, after {@link #check}: in {@link Mode#OVERWRITE} deletes it (it was
     * checked to be an earlier job's folder), creates it, and writes the marker first. In {@link
     * Mode#RESUME} the marker must name {@code command} with the same {@code settings}; the marker is
     * kept.
     *
     * @param settings what decides the job's results (input, model, weights, protocol ...): a resumed
     *     run must have the same, else its rows would mix with different ones
     * @throws OutputFolderException when a resumed folder's marker differs
     * @throws UncheckedIOException when the folder cannot be deleted or written
     */
    public static OutputFolder claim(Path dir, Mode mode, String command, Map<String, String> settings) {
        Path abs = dir.toAbsolutePath().normalize();
        Path marker = abs.resolve(MARKER);
        if (mode == Mode.RESUME && Files.isRegularFile(marker)) {
            checkSameJob(marker, command, settings);
            return new OutputFolder(abs);
        }
        if (mode == Mode.OVERWRITE && Files.isRegularFile(marker)) {
            deleteRecursively(abs);
        }
        try {
            Files.createDirectories(abs);
            Map<String, Object> content = new LinkedHashMap<>();
            content.put("written_by", "nlvideo");
            content.put("command", command);
            content.put("started", Instant.now().toString());
            content.put("settings", settings);
            Files.writeString(marker, JSON.writeValueAsString(content) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + marker, e);
        }
        return new OutputFolder(abs);
    }

    /** Whether {@code dir} carries an nlvideo marker. */
    public static boolean isMarked(Path dir) {
        return Files.isRegularFile(dir.resolve(MARKER));
    }

    private static void checkSameJob(Path marker, String command, Map<String, String> settings) {
        JsonNode earlier;
        try {
            earlier = JSON.readTree(marker.toFile());
        } catch (IOException e) {
            throw new OutputFolderException("cannot read " + marker + ": " + e.getMessage());
        }
        String earlierCommand = earlier.path("command").asText();
        if (!command.equals(earlierCommand)) {
            throw new OutputFolderException(
                    "--resume: " + marker.getParent() + " holds a " + earlierCommand + " job, not " + command);
        }
        List<String> differences = new ArrayList<>();
        JsonNode earlierSettings = earlier.path("settings");
        for (Map.Entry<String, String> e : settings.entrySet()) {
            JsonNode was = earlierSettings.get(e.getKey());
            String wasText = was == null || was.isNull() ? null : was.asText();
            if (!Objects.equals(wasText, e.getValue())) {
                differences.add(e.getKey() + " was " + wasText + ", now " + e.getValue());
            }
        }
        earlierSettings.fieldNames().forEachRemaining(k -> {
            if (!settings.containsKey(k)) {
                differences.add(k + " was " + earlierSettings.get(k).asText() + ", now not set");
            }
        });
        if (!differences.isEmpty()) {
            throw new OutputFolderException("--resume: the job in " + marker.getParent()
                    + " ran with other settings (" + String.join("; ", differences)
                    + "): run the same command, or use --overwrite to start again");
        }
    }

    /** The first input that is {@code dir} or lies inside it, or null. */
    static Path inputInside(Path dir, Collection<Path> inputs) {
        Path real = realOrNormal(dir);
        for (Path input : inputs) {
            if (input == null) {
                continue;
            }
            Path p = realOrNormal(input);
            if (p.startsWith(real) || p.startsWith(dir)) {
                return input;
            }
        }
        return null;
    }

    /** {@code p} with links resolved when it exists, else absolute and normalized: to compare paths. */
    public static Path realOrNormal(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (IOException e) {
            return abs;
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new OutputFolderException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    private static void deleteRecursively(Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + path, e);
        }
    }
}
