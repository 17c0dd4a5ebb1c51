package nlvideo.jobs.output;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import nlvideo.pipeline.metrics.Table;

/**
 * Evaluation tables, small enough to read: each written as Markdown and CSV under
 * {@code metrics/} of the output folder, and the Markdown printed for the person at the terminal.
 */
public final class MetricTables {

    private final Map<String, Table> tables = new LinkedHashMap<>();

    public MetricTables add(String name, Table table) {
        tables.put(name, table);
        return this;
    }

    /** Writes {@code metrics/NAME.md} and {@code metrics/NAME.csv} for every table. */
    public void writeTo(Path outputDir) {
        Path dir = outputDir.resolve("metrics");
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, Table> e : tables.entrySet()) {
                Files.writeString(dir.resolve(e.getKey() + ".md"), e.getValue().toMarkdown());
                Files.writeString(dir.resolve(e.getKey() + ".csv"), e.getValue().toCsv());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics under " + dir, e);
        }
    }

    /** Prints the named tables as Markdown, each under a heading. */
    public void print(PrintStream out, String... names) {
        for (String name : names) {
            Table table = tables.get(name);
            if (table == null) {
                continue;
            }
            out.println("### " + name.replace('_', ' '));
            out.println();
            out.println(table.toMarkdown());
        }
        out.flush();
    }
}
