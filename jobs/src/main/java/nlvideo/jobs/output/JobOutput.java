package nlvideo.jobs.output;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a job's tables into the output folder, or to the terminal when there is none.
 *
 * <ul>
 *   <li>Parquet: a folder per table ({@code predictions/}), as Spark writes it, types kept.
 *   <li>CSV: one file per table ({@code predictions.csv}), RFC 4180 (Apache Commons CSV: fields
 *       with a comma, quote or line break quoted, quotes doubled), a header row. CSV has no
 *       arrays: array cells are joined with {@code ;}, except a score vector whose field carries
 *       the class names ({@link #withClasses}), which becomes one {@code score_<class>} column per
 *       class.
 *   <li>JSON: one file per table ({@code predictions.json}), JSON lines (one object per row),
 *       arrays kept.
 * </ul>
 * CSV and JSON files are written by the driver from a streamed iterator of the rows (Spark's
 * {@code toLocalIterator}, one partition at a time; a {@link DriverTable}'s own list), so no
 * part-files, {@code _SUCCESS} or {@code .crc} files appear; the output folder must be on the
 * driver's file system, as {@code summary.json} already is. Where a table keeps a score vector as
 * an array (JSON and Parquet), {@code labels.txt} beside it names the classes in the vector's
 * order.
 */
public final class JobOutput {

    /** Field metadata key: the class names of a score-vector column, in index order. */
    public static final String CLASSES = "classes";

    /** The file beside array score vectors that names their classes, one per line. */
    public static final String LABELS_FILE = "labels.txt";

    private final Path dir;
    private final OutputFormat format;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private boolean printedATable;

    /**
     * @param dir the output folder, already taken for the job by {@link OutputFolder#claim} (which
     *     replaces an earlier job's folder on {@code --overwrite}), or null to print tables: the
     *     job's first table on {@code stdout} (so that {@code > file.csv} gives one table), any
     *     further one (errors, metrics) on stderr, after a line naming it
     * @throws UncheckedIOException when the folder cannot be created
     */
    public JobOutput(Path dir, OutputFormat format, PrintStream stdout) {
        this(dir, format, stdout, System.err);
    }

    JobOutput(Path dir, OutputFormat format, PrintStream stdout, PrintStream stderr) {
        this.dir = dir == null ? null : dir.toAbsolutePath();
        this.format = format;
        this.stdout = stdout;
        this.stderr = stderr;
        if (this.dir != null) {
            try {
                Files.createDirectories(this.dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + this.dir, e);
            }
        }
    }

    public boolean toTerminal() {
        return dir == null;
    }

    public Path dir() {
        return dir;
    }

    public OutputFormat format() {
        return format;
    }

    /** The metadata that marks a score-vector field as holding one score per class, in this order. */
    public static Metadata withClasses(List<String> classes) {
        return new MetadataBuilder()
                .putStringArray(CLASSES, classes.toArray(new String[0]))
                .build();
    }

    /**
     * Writes one table under {@code name} ({@code name/} for Parquet, {@code name.csv} or
     * {@code name.json}), or prints it when there is no output folder.
     *
     * @throws UncheckedIOException when a file cannot be written
     */
    public void write(String name, Dataset<Row> table) {
        write(
                name,
                new Source(
                        table.schema(),
                        table::toLocalIterator,
                        () -> table.toJSON().toLocalIterator(),
                        () -> table));
    }

    /**
     * Writes a table whose rows are in the driver, as {@link #write(String, Dataset)} does; CSV,
     * JSON and the terminal without a Spark query, Parquet through the active Spark session.
     *
     * @throws UncheckedIOException when a file cannot be written
     * @throws IllegalArgumentException for a column type {@link DriverTable} does not hold
     */
    public void write(String name, DriverTable table) {
        StructType schema = table.schema();
        write(
                name,
                new Source(
                        schema,
                        () -> table.rows().iterator(),
                        () -> table.rows().stream()
                                .map(r -> JsonRows.line(schema, r))
                                .iterator(),
                        () -> table.toDataset(SparkSession.active())));
    }

    /** A table to write: its schema, its rows, its rows as JSON lines, and itself as a Dataset (Parquet). */
    private record Source(
            StructType schema,
            Supplier<Iterator<Row>> rows,
            Supplier<Iterator<String>> jsonLines,
            Supplier<Dataset<Row>> dataset) {}

    private void write(String name, Source table) {
        try {
            if (dir == null) {
                PrintStream to = printedATable ? stderr : stdout;
                if (printedATable) {
                    to.println(name + ":");
                }
                print(table, to);
                printedATable = true;
                return;
            }
            switch (format) {
                case PARQUET ->
                    table.dataset()
                            .get()
                            .coalesce(1)
                            .write()
                            .mode(SaveMode.Overwrite)
                            .parquet(dir.resolve(name).toUri().toString());
                case CSV -> {
                    try (Writer w = Files.newBufferedWriter(dir.resolve(name + ".csv"), StandardCharsets.UTF_8)) {
                        writeCsv(table.schema(), table.rows().get(), w);
                    }
                }
                case JSON -> {
                    try (BufferedWriter w =
                            Files.newBufferedWriter(dir.resolve(name + ".json"), StandardCharsets.UTF_8)) {
                        Iterator<String> lines = table.jsonLines().get();
                        while (lines.hasNext()) {
                            w.write(lines.next());
                            w.newLine();
                        }
                    }
                }
            }
            if (format != OutputFormat.CSV) {
                writeClassNames(table.schema());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write table " + name + " under " + dir, e);
        }
    }

    /** Writes summary.json beside the tables; on the terminal it goes to stderr, after the table. */
    public void writeSummary(JobSummary summary) {
        if (dir == null) {
            System.err.println(summary.toJson());
        } else {
            summary.writeTo(dir.resolve("summary.json"));
        }
    }

    /**
     * The file that holds a table: {@code NAME.csv} or {@code NAME.json} when the run wrote CSV or
     * JSON, else the single data file inside the Parquet folder {@code NAME/}.
     *
     * @throws IllegalStateException when there is none
     */
    public static Path tableFile(Path outputDir, String name) {
        for (String ext : List.of(".csv", ".json")) {
            Path file = outputDir.resolve(name + ext);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        Path folder = outputDir.resolve(name);
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("no table " + name + " under " + outputDir);
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no data file under " + folder));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void print(Source table, PrintStream to) throws IOException {
        if (format == OutputFormat.JSON) {
            table.jsonLines().get().forEachRemaining(to::println);
        } else {
            StringBuilder text = new StringBuilder();
            writeCsv(table.schema(), table.rows().get(), text);
            to.print(text);
        }
        to.flush();
    }

    /** The table as RFC 4180 CSV with a header row; score vectors with class names become columns. */
    static void writeCsv(StructType schema, Iterator<Row> rows, Appendable out) throws IOException {
        StructField[] fields = schema.fields();
        List<String> header = new ArrayList<>();
        for (StructField f : fields) {
            String[] classes = classesOf(f);
            if (classes == null) {
                header.add(f.name());
            } else {
                for (String c : classes) {
                    header.add("score_" + c);
                }
            }
        }
        CSVFormat csv = CSVFormat.RFC4180
                .builder()
                .setRecordSeparator('\n')
                .setHeader(header.toArray(new String[0]))
                .build();
        try (CSVPrinter printer = new CSVPrinter(out, csv)) {
            List<Object> cells = new ArrayList<>(header.size());
            while (rows.hasNext()) {
                Row row = rows.next();
                cells.clear();
                for (int i = 0; i < fields.length; i++) {
                    boolean array = fields[i].dataType() instanceof ArrayType;
                    if (row.isNullAt(i)) {
                        int width = classesOf(fields[i]) == null ? 1 : classesOf(fields[i]).length;
                        for (int k = 0; k < width; k++) {
                            cells.add(null);
                        }
                    } else if (array && classesOf(fields[i]) != null) {
                        cells.addAll(ArrayCells.elements(row.get(i)));
                    } else if (array) {
                        List<String> parts = new ArrayList<>();
                        for (Object o : ArrayCells.elements(row.get(i))) {
                            parts.add(String.valueOf(o));
                        }
                        cells.add(String.join(";", parts));
                    } else {
                        cells.add(row.get(i));
                    }
                }
                printer.printRecord(cells);
            }
            printer.flush();
        }
    }

    /** Writes {@code labels.txt} for a table that keeps a score vector with class names as an array. */
    private void writeClassNames(StructType schema) throws IOException {
        for (StructField f : schema.fields()) {
            String[] classes = classesOf(f);
            if (classes != null) {
                Files.write(dir.resolve(LABELS_FILE), List.of(classes), StandardCharsets.UTF_8);
                return;
            }
        }
    }

    private static String[] classesOf(StructField field) {
        return field.dataType() instanceof ArrayType && field.metadata().contains(CLASSES)
                ? field.metadata().getStringArray(CLASSES)
                : null;
    }
}
