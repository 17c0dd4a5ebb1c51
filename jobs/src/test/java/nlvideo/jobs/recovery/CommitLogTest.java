package nlvideo.jobs.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task's rows are visible all at once under the task's name, once, whichever attempt committed last. */
class CommitLogTest {

    @TempDir
    Path dir;

    @Test
    void commitsAreAtomicAndIdempotentPerTask() throws Exception {
        CommitLog log = new CommitLog(dir.resolve("results"));
        TaskKey a = new TaskKey("infer", 1, 0);
        TaskKey b = new TaskKey("infer", 1, 1);
        assertTrue(log.committed().isEmpty());
        log.commit(a, 10, List.of("{\"x\":1}", "{\"x\":2}"));
        // an attempt of b that died while writing: its own file, never renamed
        Files.writeString(dir.resolve("results").resolve(b.name() + ".jsonl.gz.attempt-11"), "partial");
        assertEquals(1, log.committed().size());
        assertFalse(log.isCommitted(b));

        // a second attempt of a (retry after its executor was lost, or a speculative copy)
        log.commit(a, 12, List.of("{\"x\":1}", "{\"x\":2}"));
        log.commit(b, 13, List.of("{\"x\":3}"));
        assertEquals(
                List.of(a.name() + ".jsonl.gz", b.name() + ".jsonl.gz"),
                log.committed().stream().map(p -> p.getFileName().toString()).toList());
        assertEquals("{\"x\":1}\n{\"x\":2}\n", text(log.committed().get(0)));
    }

    private static String text(Path gz) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
