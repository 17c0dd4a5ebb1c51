package nlvideo.jobs.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads a job's JSON-lines tables in tests: rows by video id, failing on an id seen twice. */
public final class JsonTables {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonTables() {}

    /**
     * The rows of {@code table} by video id; none may repeat. Reads {@code TABLE.json} when the
     * job wrote one file per table, else every {@code part-} file of the folder {@code TABLE/}.
     */
    public static Map<String, JsonNode> rows(Path output, String table) throws IOException {
        Map<String, JsonNode> rows = new TreeMap<>();
        for (Path part : files(output, table)) {
            for (String line : Files.readAllLines(part)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode row = JSON.readTree(line);
                assertNull(rows.put(row.get("video_id").asText(), row), "twice in " + table + ": " + line);
            }
        }
        return rows;
    }

    private static List<Path> files(Path output, String table) throws IOException {
        Path single = output.resolve(table + ".json");
        if (Files.isRegularFile(single)) {
            return List.of(single);
        }
        try (Stream<Path> parts = Files.list(output.resolve(table))) {
            return parts.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .sorted()
                    .toList();
        }
    }

    /** The job's summary.json. */
    public static JsonNode summary(Path output) throws IOException {
        return JSON.readTree(output.resolve("summary.json").toFile());
    }

    /**
     * Asserts that two jobs wrote the same predictions and errors: the same videos, and in each row
     * the same values (labels, scores bit for bit, views, error kinds).
     */
    public static void assertSameTables(Path expected, Path actual) throws IOException {
        for (String table : new String[] {"predictions", "errors"}) {
            Map<String, JsonNode> want = rows(expected, table);
            Map<String, JsonNode> got = rows(actual, table);
            assertEquals(want.keySet(), got.keySet(), table + ": videos");
            for (String id : want.keySet()) {
                assertEquals(want.get(id), got.get(id), table + " row of " + id);
            }
        }
    }
}
