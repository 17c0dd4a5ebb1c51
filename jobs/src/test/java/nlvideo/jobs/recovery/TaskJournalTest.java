package nlvideo.jobs.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What task journals say after deaths: which items a dead task held (suspects), which item an
 * isolated attempt died on (the culprit), within a run and across runs, and that a later finished
 * task clears its items.
 */
class TaskJournalTest {

    @TempDir
    Path dir;

    private final TaskKey task = new TaskKey("infer", 1, 3);

    @Test
    void aDeadNormalAttemptMakesSuspectsAndADeadIsolatedOneACulprit() {
        // attempt 0 holds three videos and dies (no "ok")
        try (TaskJournal j = TaskJournal.begin(dir, task, 0, 100, false, List.of("a", "b", "c"))) {
            // dies
        }
        TaskJournal.Verdict afterFirst = TaskJournal.read(dir, task, 101);
        assertEquals(Set.of("a", "b", "c"), afterFirst.suspects());
        assertTrue(afterFirst.culprits().isEmpty(), "a death with several videos in flight names no culprit");
        assertFalse(afterFirst.finished());

        // attempt 1 runs them one at a time: a ends, b starts, and the executor dies
        try (TaskJournal j = TaskJournal.begin(dir, task, 1, 101, true, List.of("a", "b", "c"))) {
            j.start("a");
            j.end("a");
            j.start("b");
        }
        TaskJournal.Verdict afterSecond = TaskJournal.read(dir, task, 102);
        assertEquals(Set.of("b"), afterSecond.culprits().keySet());
        assertTrue(afterSecond.culprits().get("b").contains("infer-r001-p00003, attempt 1"), afterSecond.toString());

        // attempt 2 finishes the task: nothing is left to suspect
        try (TaskJournal j = TaskJournal.begin(dir, task, 2, 102, true, List.of("a", "b", "c"))) {
            j.ok();
        }
        assertTrue(TaskJournal.read(dir, task, 999).finished());
    }

    @Test
    void earlierRunsGiveSuspectsUntilALaterTaskFinishesThem() {
        try (TaskJournal j = TaskJournal.begin(dir, new TaskKey("infer", 1, 0), 0, 1, false, List.of("a", "b"))) {
            j.ok();
        }
        try (TaskJournal j = TaskJournal.begin(dir, new TaskKey("infer", 1, 1), 0, 2, false, List.of("c", "d"))) {
            // the driver was killed while this task ran
        }
        TaskJournal.Verdict run2 = TaskJournal.readEarlierRuns(dir, "infer", 2);
        assertEquals(Set.of("c", "d"), run2.suspects());
        assertTrue(run2.culprits().isEmpty());

        // run 2 isolates c and d; the JVM dies on d (embedded: a native crash ends the whole job)
        try (TaskJournal j = TaskJournal.begin(dir, new TaskKey("infer", 2, 0), 0, 1, true, List.of("c", "d"))) {
            j.start("c");
            j.end("c");
            j.start("d");
        }
        TaskJournal.Verdict run3 = TaskJournal.readEarlierRuns(dir, "infer", 3);
        assertEquals(Set.of("d"), run3.culprits().keySet());
        assertEquals(Set.of("c"), run3.suspects(), "c still waits for a task that finishes it");

        // run 3 finishes c: run 4 has nothing to suspect, d stays a culprit; other stages are apart
        try (TaskJournal j = TaskJournal.begin(dir, new TaskKey("infer", 3, 0), 0, 1, true, List.of("c"))) {
            j.ok();
        }
        TaskJournal.Verdict run4 = TaskJournal.readEarlierRuns(dir, "infer", 4);
        assertEquals(Set.of(), run4.suspects());
        assertEquals(Set.of("d"), run4.culprits().keySet());
        assertEquals(Set.of(), TaskJournal.readEarlierRuns(dir, "probe", 4).suspects());
    }

    @Test
    void aLineTornByTheDeathIsSkipped() throws Exception {
        try (TaskJournal j = TaskJournal.begin(dir, task, 1, 7, true, List.of("a", "b"))) {
            j.start("a");
        }
        Path file = dir.resolve(task.name() + ".t7.journal");
        Files.writeString(file, "{\"end\":\"a", StandardOpenOption.APPEND);
        assertEquals(Set.of("a"), TaskJournal.read(dir, task, 8).culprits().keySet());
    }
}
