package nlvideo.pipeline.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A comma-separated file with a header row (manifests, Kinetics and Charades annotations), parsed
 * by Apache Commons CSV as RFC 4180: quoted fields may hold commas, doubled quotes ({@code ""})
 * and line breaks, as the Charades descriptions do; a quote inside an unquoted field is kept as
 * written. Empty lines are skipped, a leading byte order mark is dropped.
 *
 * <p>This class adds to the library only what the dataset readers need to point at a line: each
 * record remembers the 1-based line it starts on, columns are looked up by header name
 * (case-insensitively), and every problem is a {@link DatasetException} naming the file and line.
 */
public final class CsvTable {

    private static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).build();

    /** One data record: the 1-based line it starts on, and its fields. */
    public record Row(int line, List<String> fields) {
        /** The field in {@code column}, or "" when the record is shorter (or the column is -1). */
        public String get(int column) {
            return column >= 0 && column < fields.size() ? fields.get(column) : "";
        }
    }

    private final Path file;
    private final List<String> header;
    private final Map<String, Integer> columns = new HashMap<>();
    private final List<Row> rows;

    private CsvTable(Path file, List<String> header, List<Row> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
        for (int i = 0; i < header.size(); i++) {
            columns.putIfAbsent(header.get(i).strip().toLowerCase(Locale.ROOT), i);
        }
    }

    /**
     * Reads and parses the whole file (UTF-8).
     *
     * @throws DatasetException when the file cannot be read, is empty, is not valid CSV (for
     *     instance a quoted field that never ends), or has a record with more fields than its
     *     header (an unquoted comma); the message names the file and line
     */
    public static CsvTable read(Path file) {
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
        return new CsvTable(file, records.get(0).fields(), records.subList(1, records.size()));
    }

    public Path file() {
        return file;
    }

    /** The header row's names, as written. */
    public List<String> header() {
        return header;
    }

    /** The data records in file order, blank lines left out. */
    public List<Row> rows() {
        return rows;
    }

    /** Index of a header column (case-insensitive, surrounding spaces ignored), or -1. */
    public int column(String name) {
        return columns.getOrDefault(name.toLowerCase(Locale.ROOT), -1);
    }

    /**
     * Index of a column the format requires.
     *
     * @throws DatasetException naming the header line when the column is absent
     */
    public int requireColumn(String name) {
        int c = column(name);
        if (c < 0) {
            throw new DatasetException(
                    file, 1, "missing required column '" + name + "' (header: " + String.join(",", header) + ")");
        }
        return c;
    }

    private static List<Row> parse(Path file, String text) {
        int[] lineStarts = lineStarts(text);
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
            Iterator<CSVRecord> records = parser.iterator();
            while (true) {
                long linesBefore = parser.getCurrentLineNumber();
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    throw new DatasetException(
                            file, (int) linesBefore + 1, "not valid CSV (RFC 4180): " + cause.getMessage(), e);
                }
                List<String> fields = Arrays.asList(record.values());
                boolean blank = fields.size() == 1 && fields.get(0).isBlank();
                if (!blank) {
                    rows.add(new Row(lineOf(text, lineStarts, record.getCharacterPosition()), List.copyOf(fields)));
                }
            }
        } catch (IOException e) {
            throw new DatasetException(file, 0, "cannot parse: " + e.getMessage(), e);
        }
        return rows;
    }

    /** Offsets at which each line starts (a line ends at \n, \r\n or \r). */
    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                i++;
            }
            if (c == '\n' || c == '\r') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The 1-based line of the record whose parse began at {@code position}: the parser reports
     * the offset after the previous record, before the empty lines it skipped.
     */
    private static int lineOf(String text, int[] lineStarts, long position) {
        int p = (int) position;
        while (p < text.length() && (text.charAt(p) == '\n' || text.charAt(p) == '\r')) {
            p++;
        }
        int i = Arrays.binarySearch(lineStarts, p);
        return (i >= 0 ? i : -i - 2) + 1;
    }
}
