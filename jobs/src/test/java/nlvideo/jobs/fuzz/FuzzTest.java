package nlvideo.jobs.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import nlvideo.jobs.Main;
import nlvideo.jobs.output.JsonTables;
import nlvideo.pipeline.dataset.VideoExtensions;
import nlvideo.pipeline.video.SampleVideos;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small fuzz run in every build (scripts/fuzz.sh runs the big ones): mutants of the assorted
 * sample files (every container and codec the tests make), and every mutant that ever failed
 * ({@code src/test/resources/fuzz/}), through {@code probe} and {@code classify}: both exit 0 and
 * every file has exactly one row.
 */
class FuzzTest {

    static final int MUTANTS = 60;
    static final long SEED = 11;

    @TempDir
    Path tmp;

    @AfterAll
    static void stopSpark() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    @Test
    void mutantsGetOneRowEachInProbeAndClassify() throws Exception {
        Path seeds = tmp.resolve("seeds");
        SampleVideos.writeAssorted(seeds);
        Path mutants = Files.createDirectories(tmp.resolve("mutants"));
        List<Path> sources = Mutants.sources(seeds);
        Set<Mutants.Kind> kinds = new TreeSet<>();
        for (int i = 0; i < MUTANTS; i++) {
            Mutants.Mutant m = Mutants.make(sources, SEED, i);
            Files.write(mutants.resolve(m.name()), m.bytes());
            kinds.add(m.kind());
        }
        assertEquals(Set.of(Mutants.Kind.values()), kinds, "every kind of mutation is tried");
        for (Path kept : regressions()) {
            Files.copy(kept, mutants.resolve(kept.getFileName()));
        }
        List<String> files = names(mutants, false);
        List<String> videos = names(mutants, true);

        Path probe = tmp.resolve("probe");
        assertEquals(0, Main.run(args("probe", mutants, probe)));
        assertEquals(new TreeSet<>(files), once(JsonTables.rows(probe, "probe")));

        Path classify = tmp.resolve("classify");
        assertEquals(0, Main.run(args("classify", mutants, classify, "--decode-timeout", "60")));
        Set<String> rows = new TreeSet<>(once(JsonTables.rows(classify, "predictions")));
        Set<String> errors = once(JsonTables.rows(classify, "errors"));
        assertTrue(java.util.Collections.disjoint(rows, errors), "a video is predicted or failed, not both");
        rows.addAll(errors);
        assertEquals(new TreeSet<>(videos), rows);
    }

    private static String[] args(String command, Path input, Path output, String... extra) {
        List<String> a = new ArrayList<>(List.of(
                command,
                "--input",
                input.toString(),
                "--output",
                output.toString(),
                "--format",
                "json",
                "--master",
                "local[2]",
                "--spark-conf",
                "spark.ui.enabled=false"));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    /** The file names of a table's rows (JsonTables.rows already fails on a video id seen twice). */
    private static Set<String> once(Map<String, JsonNode> rows) {
        Set<String> names = new TreeSet<>();
        for (JsonNode row : rows.values()) {
            assertTrue(names.add(Path.of(row.get("path").asText()).getFileName().toString()), row.toString());
        }
        return names;
    }

    private static List<String> names(Path dir, boolean videosOnly) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> !videosOnly || VideoExtensions.isVideo(n))
                    .sorted()
                    .toList();
        }
    }

    /** Mutants that once failed, kept in src/test/resources/fuzz/. */
    private static List<Path> regressions() throws IOException, URISyntaxException {
        var url = FuzzTest.class.getClassLoader().getResource("fuzz");
        if (url == null) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.filter(p -> !p.getFileName().toString().equals("README.md"))
                    .sorted()
                    .toList();
        }
    }
}
