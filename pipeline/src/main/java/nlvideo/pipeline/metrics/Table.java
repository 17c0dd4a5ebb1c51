package nlvideo.pipeline.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** A small table of text cells, rendered as Markdown for reading or CSV for tools. */
public final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... header) {
        this(Arrays.asList(header));
    }

    public Table(List<String> header) {
        if (header.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.header = List.copyOf(header);
    }

    /** A {@code metric,value} table of named numbers, in the map's order. */
    public static Table ofMetrics(Map<String, ? extends Number> metrics) {
        Table table = new Table("metric", "value");
        metrics.forEach(table::add);
        return table;
    }

    /** Adds a row; numbers are written with {@link #format}. */
    public Table add(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException(
                    "row has " + cells.length + " cells, table has " + header.size() + " columns");
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            row.add(format(cell));
        }
        rows.add(row);
        return this;
    }

    public List<String> header() {
        return header;
    }

    public List<List<String>> rows() {
        return List.copyOf(rows);
    }

    /** Doubles with 4 decimals (NaN as empty), everything else as its string. */
    public static String format(Object cell) {
        if (cell == null) {
            return "";
        }
        if (cell instanceof Double || cell instanceof Float) {
            double d = ((Number) cell).doubleValue();
            return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.4f", d);
        }
        return cell.toString();
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        markdownRow(sb, header);
        sb.append('|');
        for (int i = 0; i < header.size(); i++) {
            sb.append("---|");
        }
        sb.append('\n');
        rows.forEach(r -> markdownRow(sb, r));
        return sb.toString();
    }

    /** RFC 4180 CSV with a header row (Apache Commons CSV: quotes doubled, line breaks quoted). */
    public String toCsv() {
        StringBuilder sb = new StringBuilder();
        CSVFormat format = CSVFormat.RFC4180.builder().setRecordSeparator('\n').build();
        try (CSVPrinter printer = new CSVPrinter(sb, format)) {
            printer.printRecord(header);
            for (List<String> row : rows) {
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return sb.toString();
    }

    private static void markdownRow(StringBuilder sb, List<String> cells) {
        sb.append('|');
        for (String c : cells) {
            sb.append(' ').append(c.replace("|", "\\|").replace("\n", " ")).append(" |");
        }
        sb.append('\n');
    }
}
