package nlvideo.pipeline.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A comma-separated file with a header row, read whole (RFC 4180: quoted fields may hold commas,
 * doubled quotes and line breaks, as the Charades descriptions do). Each record remembers the line
 * it starts on so that readers can point at it in their errors.
 */
public final class CsvFile {
    /** One data record: its 1-based starting line and its fields. */
    public record Row(int line, List<String> fields) {
        public String get(int column) {
            return column >= 0 && column < fields.size() ? fields.get(column) : "";
        }
    }

    private final Path file;
    private final List<String> header;
    private final Map<String, Integer> columns = new HashMap<>();
    private final List<Row> rows;

    private CsvFile(Path file, List<String> header, List<Row> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
        for (int i = 0; i < header.size(); i++) {
            columns.putIfAbsent(header.get(i).strip().toLowerCase(Locale.ROOT), i);
        }
    }

    public static CsvFile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DatasetException(file, 0, "cannot read: " + e.getMessage(), e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Row> records = parse(file, text);
        if (records.isEmpty()) {
            throw new DatasetException(file, 0, "empty file, expected a header row");
        }
        int width = records.get(0).fields().size();
        for (Row r : records) {
            if (r.fields().size() > width) {
                throw new DatasetException(
                        file,
                        r.line(),
                        r.fields().size() + " fields but the header has " + width
                                + " (a comma in an unquoted field? quote it)");
            }
        }
        return new CsvFile(file, records.get(0).fields(), records.subList(1, records.size()));
    }

    public Path file() {
        return file;
    }

    public List<String> header() {
        return header;
    }

    public List<Row> rows() {
        return rows;
    }

    /** Index of a header column (case-insensitive), or -1. */
    public int column(String name) {
        return columns.getOrDefault(name.toLowerCase(Locale.ROOT), -1);
    }

    /** Index of a column the format requires; its absence is an error on the header line. */
    public int requireColumn(String name) {
        int c = column(name);
        if (c < 0) {
            throw new DatasetException(
                    file, 1, "missing required column '" + name + "' (header: " + String.join(",", header) + ")");
        }
        return c;
    }

    private static List<Row> parse(Path file, String text) {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;
        boolean fieldStarted = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0 && !fieldStarted) {
                quoted = true;
                fieldStarted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                fieldStarted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                field.setLength(0);
                fieldStarted = false;
                addUnlessBlank(rows, recordLine, fields);
                fields = new ArrayList<>();
                line++;
                recordLine = line;
            } else {
                field.append(c);
                fieldStarted = true;
            }
        }
        if (quoted) {
            throw new DatasetException(file, recordLine, "unterminated quoted field");
        }
        fields.add(field.toString());
        addUnlessBlank(rows, recordLine, fields);
        return rows;
    }

    private static void addUnlessBlank(List<Row> rows, int line, List<String> fields) {
        boolean blank = fields.size() == 1 && fields.get(0).isBlank();
        if (!blank) {
            rows.add(new Row(line, List.copyOf(fields)));
        }
    }
}
