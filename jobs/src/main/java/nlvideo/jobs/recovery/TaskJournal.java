package nlvideo.jobs.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What one task attempt has begun and finished, written as it goes, so that after the attempt dies
 * (its executor JVM killed by a native crash, a lost machine, a killed driver) the next attempt, or
 * the next run, can tell which items it held and which one it died on.
 *
 * <p>One file per attempt, {@code NAME.t<attempt id>.journal} (JSON lines): a header (attempt
 * number, whether it runs its items one at a time), one {@code item} line per item it holds, then,
 * in isolated attempts, {@code start} and {@code end} around each item, and {@code ok} when the
 * attempt's work is done (committed, where it commits). Each line is flushed to the operating
 * system before the work it announces begins: a process that dies keeps its lines; only a machine
 * that dies may lose the last ones, which makes a culprit less certain, never a wrong one.
 */
final class TaskJournal implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX = ".journal";

    private final OutputStream out;

    private TaskJournal(OutputStream out) {
        this.out = out;
    }

    /**
     * Starts an attempt's journal.
     *
     * @param items the keys of every item the attempt holds
     * @throws UncheckedIOException when the journal cannot be written
     */
    static TaskJournal begin(
            Path dir, TaskKey task, int attemptNumber, long attemptId, boolean isolated, List<String> items) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(task.name() + ".t" + attemptId + SUFFIX);
            OutputStream out = Files.newOutputStream(
                    file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            TaskJournal journal = new TaskJournal(out);
            ObjectNode header =
                    JSON.createObjectNode().put("attempt", attemptNumber).put("isolated", isolated);
            StringBuilder lines = new StringBuilder(header.toString()).append('\n');
            for (String item : items) {
                lines.append(JSON.createObjectNode().put("item", item)).append('\n');
            }
            journal.write(lines.toString());
            return journal;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal of " + task.name() + " in " + dir, e);
        }
    }

    /** Marks that the attempt now works on {@code item} alone. */
    void start(String item) {
        write(JSON.createObjectNode().put("start", item) + "\n");
    }

    /** Marks that the attempt finished {@code item}. */
    void end(String item) {
        write(JSON.createObjectNode().put("end", item) + "\n");
    }

    /** Marks that the attempt's work is done (and committed). */
    void ok() {
        write("{\"ok\":true}\n");
    }

    private void write(String lines) {
        try {
            out.write(lines.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a task journal", e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a task's journals say: the items its attempts held, whether one attempt finished, and
     * the culprits, each item that an isolated attempt had started alone and never finished, with a
     * sentence saying so.
     */
    record Verdict(Set<String> suspects, Map<String, String> culprits, boolean finished) {}

    /**
     * Reads the journals of the attempts of {@code task} other than {@code exceptAttemptId}: the
     * items they held, whether one of them finished, and the culprits the isolated ones died on.
     */
    static Verdict read(Path dir, TaskKey task, long exceptAttemptId) {
        Set<String> suspects = new LinkedHashSet<>();
        Map<String, String> culprits = new LinkedHashMap<>();
        for (Path file : files(dir, task.name() + ".t")) {
            if (file.getFileName().toString().equals(task.name() + ".t" + exceptAttemptId + SUFFIX)) {
                continue;
            }
            Attempt a = Attempt.read(file);
            if (a.ok) {
                return new Verdict(Set.copyOf(a.items), Map.of(), true);
            }
            suspects.addAll(a.items);
            if (a.isolated && a.inFlight != null) {
                culprits.putIfAbsent(
                        a.inFlight,
                        "killed its task twice: the executor died while this video was in its task, and again"
                                + " when it ran alone (" + task.name() + ", attempt " + a.attempt
                                + "); not run again");
            }
        }
        return new Verdict(suspects, culprits, false);
    }

    /**
     * What runs before {@code run} left unfinished in {@code stage}, taking runs in order so that an
     * item's last word counts: an item held by a task that died is a suspect until a later task
     * that held it finishes; a culprit stays one (later runs do not run it).
     */
    static Verdict readEarlierRuns(Path dir, String stage, int run) {
        Set<TaskKey> tasks = new java.util.TreeSet<>(
                java.util.Comparator.comparingInt(TaskKey::run).thenComparingInt(TaskKey::partition));
        for (Path file : files(dir, stage + "-r")) {
            String name = file.getFileName().toString();
            TaskKey key = TaskKey.parse(name.substring(0, name.indexOf(".t")));
            if (key != null && key.stage().equals(stage) && key.run() < run) {
                tasks.add(key);
            }
        }
        Set<String> suspects = new LinkedHashSet<>();
        Map<String, String> culprits = new LinkedHashMap<>();
        for (TaskKey task : tasks) {
            Verdict v = read(dir, task, -1);
            if (v.finished()) {
                suspects.removeAll(v.suspects());
            } else {
                suspects.addAll(v.suspects());
                v.culprits().forEach(culprits::putIfAbsent);
            }
        }
        suspects.removeAll(culprits.keySet());
        return new Verdict(suspects, culprits, false);
    }

    private static List<Path> files(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(dir)) {
            return all.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.startsWith(prefix) && n.endsWith(SUFFIX);
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** One attempt's journal as read back; a torn last line (the process died writing it) is skipped. */
    private record Attempt(int attempt, boolean isolated, List<String> items, String inFlight, boolean ok) {

        static Attempt read(Path file) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            int attempt = -1;
            boolean isolated = false;
            boolean ok = false;
            List<String> items = new ArrayList<>();
            String inFlight = null;
            for (String line : lines) {
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException e) {
                    continue;
                }
                if (n == null || !n.isObject()) {
                    continue;
                }
                if (n.has("attempt")) {
                    attempt = n.get("attempt").asInt();
                    isolated = n.path("isolated").asBoolean();
                } else if (n.has("item")) {
                    items.add(n.get("item").asText());
                } else if (n.has("start")) {
                    inFlight = n.get("start").asText();
                } else if (n.has("end")) {
                    inFlight = null;
                } else if (n.has("ok")) {
                    ok = true;
                }
            }
            return new Attempt(attempt, isolated, items, inFlight, ok);
        }
    }
}
