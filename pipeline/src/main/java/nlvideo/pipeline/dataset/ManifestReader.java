package nlvideo.pipeline.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a list of videos written by the user: CSV with a header row, or JSON lines (one object per
 * line). {@code path} is required; {@code video_id} and {@code label} / {@code labels} are optional.
 * CSV cells hold several labels separated by {@code ;} or {@code |}; JSON takes a string (split the
 * same way) or an array. Parquet manifests are read by the Spark jobs through
 * {@link ManifestEntry}.
 */
public final class ManifestReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ManifestReader() {}

    public static boolean isManifest(Path file) {
        return switch (VideoExtensions.extension(file.getFileName().toString())) {
            case "csv", "jsonl", "ndjson", "json", "parquet" -> true;
            default -> false;
        };
    }

    public static List<VideoRef> read(Path file) {
        String ext = VideoExtensions.extension(file.getFileName().toString());
        List<VideoRef> refs = switch (ext) {
            case "csv" -> readCsv(file);
            case "jsonl", "ndjson", "json" -> readJsonLines(file);
            case "parquet" ->
                throw new DatasetException(
                        file, 0, "Parquet manifests are read by the Spark jobs, not by the plain reader");
            default ->
                throw new DatasetException(
                        file, 0, "unknown manifest format '." + ext + "' (expected .csv, .jsonl or .parquet)");
        };
        return refs;
    }

    static List<VideoRef> readCsv(Path file) {
        CsvTable csv = CsvTable.read(file);
        if (csv.column("path") < 0 && csv.column("youtube_id") >= 0) {
            throw new DatasetException(
                    file,
                    1,
                    "no 'path' column; this looks like a Kinetics annotation" + " file: use --input-type kinetics");
        }
        if (csv.column("path") < 0 && csv.column("actions") >= 0) {
            throw new DatasetException(
                    file,
                    1,
                    "no 'path' column; this looks like a Charades annotation" + " file: use --input-type charades");
        }
        int path = csv.requireColumn("path");
        int id = csv.column("video_id");
        int label = csv.column("label");
        int labels = csv.column("labels");
        List<ManifestEntry.Entry> entries = new ArrayList<>();
        for (CsvTable.Row row : csv.rows()) {
            List<String> values = ManifestEntry.splitLabels(row.get(label));
            values.addAll(ManifestEntry.splitLabels(row.get(labels)));
            entries.add(new ManifestEntry.Entry(row.line(), row.get(path), id < 0 ? null : row.get(id), values));
        }
        return ManifestEntry.toVideoRefs(file, entries, baseDir(file));
    }

    static List<VideoRef> readJsonLines(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DatasetException(file, 0, "cannot read: " + e.getMessage(), e);
        }
        List<ManifestEntry.Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (i == 0 && text.startsWith("\uFEFF")) {
                text = text.substring(1).strip();
            }
            if (text.isEmpty()) {
                continue;
            }
            int line = i + 1;
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new DatasetException(file, line, "not valid JSON: " + e.getOriginalMessage(), e);
            }
            if (node == null || !node.isObject()) {
                throw new DatasetException(file, line, "expected a JSON object per line");
            }
            JsonNode path = node.get("path");
            if (path == null || !path.isTextual()) {
                throw new DatasetException(file, line, "missing string field 'path'");
            }
            JsonNode id = node.get("video_id");
            List<String> values = jsonLabels(file, line, node.get("label"));
            values.addAll(jsonLabels(file, line, node.get("labels")));
            String idText = id == null || id.isNull() ? null : id.asText();
            entries.add(new ManifestEntry.Entry(line, path.asText(), idText, values));
        }
        return ManifestEntry.toVideoRefs(file, entries, baseDir(file));
    }

    private static List<String> jsonLabels(Path file, int line, JsonNode node) {
        List<String> labels = new ArrayList<>();
        if (node == null || node.isNull()) {
            return labels;
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (!item.isValueNode() || item.isNull()) {
                    throw new DatasetException(file, line, "labels must be strings or numbers");
                }
                labels.add(item.asText());
            }
        } else if (node.isValueNode()) {
            labels.addAll(ManifestEntry.splitLabels(node.asText()));
        } else {
            throw new DatasetException(file, line, "labels must be a string or an array");
        }
        return labels;
    }

    private static Path baseDir(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }
}
