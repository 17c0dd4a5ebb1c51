package nlvideo.jobs.output;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Writes a job's tables: each in its own sub-folder of the output folder (one file per table,
 * since results are small), or to the terminal when there is no output folder.
 *
 * <p>CSV has no arrays, so array columns are joined with {@code ;} in CSV only; Parquet and
 * JSON keep them as arrays.
 */
public final class JobOutput {

    private final Path dir;
    private final OutputFormat format;
    private final PrintStream stdout;

    /**
     * @param dir the output folder, already taken for the job by {@link OutputFolder#claim} (which
     *     replaces an earlier job's folder on {@code --overwrite}), or null to print tables on
     *     {@code stdout}
     */
    public JobOutput(Path dir, OutputFormat format, PrintStream stdout) {
        this.dir = dir == null ? null : dir.toAbsolutePath();
        this.format = format;
        this.stdout = stdout;
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

    /** Writes one table under {@code name}, or prints it when there is no output folder. */
    public void write(String name, Dataset<Row> table) {
        Dataset<Row> shaped = format == OutputFormat.CSV ? flattenArrays(table) : table;
        if (dir == null) {
            print(shaped);
            return;
        }
        shaped.coalesce(1)
                .write()
                .mode(SaveMode.Overwrite)
                .format(format.sparkName())
                .option("header", "true")
                .save(dir.resolve(name).toUri().toString());
    }

    /** Writes summary.json beside the tables; on the terminal it goes to stderr, after the table. */
    public void writeSummary(JobSummary summary) {
        if (dir == null) {
            System.err.println(summary.toJson());
        } else {
            summary.writeTo(dir.resolve("summary.json"));
        }
    }

    /** The single data file Spark wrote for a table (for tests and for people reading outputs). */
    public static Path tableFile(Path outputDir, String name) {
        try (Stream<Path> files = Files.list(outputDir.resolve(name))) {
            return files.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no data file under " + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void print(Dataset<Row> table) {
        if (format == OutputFormat.JSON) {
            table.toJSON().collectAsList().forEach(stdout::println);
            return;
        }
        stdout.println(String.join(",", quoteAll(List.of(table.columns()))));
        for (Row row : table.collectAsList()) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < row.length(); i++) {
                cells.add(row.isNullAt(i) ? "" : String.valueOf(row.get(i)));
            }
            stdout.println(String.join(",", quoteAll(cells)));
        }
        stdout.flush();
    }

    private static List<String> quoteAll(List<String> cells) {
        List<String> out = new ArrayList<>(cells.size());
        for (String c : cells) {
            boolean needs = c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r");
            out.add(needs ? '"' + c.replace("\"", "\"\"") + '"' : c);
        }
        return out;
    }

    static Dataset<Row> flattenArrays(Dataset<Row> table) {
        List<Column> columns = new ArrayList<>();
        for (StructField field : table.schema().fields()) {
            Column c = functions.col(field.name());
            if (field.dataType() instanceof ArrayType) {
                c = functions
                        .concat_ws(";", c.cast(DataTypes.createArrayType(DataTypes.StringType)))
                        .as(field.name());
            }
            columns.add(c);
        }
        return table.select(columns.toArray(new Column[0]));
    }
}
