package nlvideo.jobs.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import nlvideo.jobs.output.JobOutput;
import nlvideo.jobs.output.OutputFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Appends one micro-batch's tables, written by the batch job's own {@link JobOutput} into a staging
 * folder, to the watch's tables, so that the tables have the batch job's files, columns and
 * formats: {@code NAME.csv} gets the staged rows without their header (the header must be the
 * same), {@code NAME.json} the staged lines, the Parquet folder {@code NAME/} the staged data file
 * renamed {@code part-BBBBBBBBBBBB-KKK.snappy.parquet} after its batch; {@code labels.txt} is
 * replaced.
 *
 * <p>What a batch appended can be taken back ({@link #rollBack}): CSV and JSON files are cut to
 * the lengths of the last written batch, and Parquet files of later batches are deleted, so that a
 * batch Spark runs again after a failure appends its rows once.
 */
final class TableAppender {

    private final Path dir;
    private final OutputFormat format;

    /** Appends to the tables in {@code dir}, all in {@code format}. */
    TableAppender(Path dir, OutputFormat format) {
        this.dir = dir;
        this.format = format;
    }

    /**
     * Takes back whatever an unfinished attempt at {@code batch} or later appended.
     *
     * @param tableBytes the lengths of the CSV or JSON table files after the last written batch
     *     (empty before the first): longer files are cut, files not listed are deleted
     * @throws UncheckedIOException when a file cannot be cut or deleted
     */
    void rollBack(long batch, Map<String, Long> tableBytes) {
        try {
            if (format == OutputFormat.PARQUET) {
                for (Path table : tables()) {
                    for (Path part : list(table)) {
                        if (batchOf(part) >= batch) {
                            Files.delete(part);
                        }
                    }
                }
                return;
            }
            for (Path file : tableFiles()) {
                Long length = tableBytes.get(file.getFileName().toString());
                if (length == null) {
                    Files.delete(file);
                } else if (Files.size(file) > length) {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.truncate(length);
                        channel.force(true);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take back the rows of batch " + batch + " in " + dir, e);
        }
    }

    /**
     * Appends the tables staged for {@code batch} and flushes them to disk.
     *
     * @return the length of every CSV or JSON table file now (empty for Parquet)
     * @throws IllegalStateException when a staged CSV table's header differs from the table's
     * @throws UncheckedIOException when a file cannot be read or written
     */
    Map<String, Long> append(long batch, Path staged) {
        try {
            for (Path from : list(staged)) {
                String name = from.getFileName().toString();
                if (name.equals(JobOutput.LABELS_FILE)) {
                    Files.copy(from, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                } else if (format == OutputFormat.PARQUET && Files.isDirectory(from)) {
                    appendParquet(batch, from, dir.resolve(name));
                } else if (name.endsWith("." + format.name().toLowerCase(java.util.Locale.ROOT))) {
                    appendLines(from, dir.resolve(name));
                }
            }
            Map<String, Long> lengths = new TreeMap<>();
            for (Path file : tableFiles()) {
                lengths.put(file.getFileName().toString(), Files.size(file));
            }
            return lengths;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append the tables of batch " + batch + " to " + dir, e);
        }
    }

    /** CSV: the staged rows after the header, which must be the table's; JSON: every staged line. */
    private void appendLines(Path from, Path to) throws IOException {
        if (!Files.exists(to)) {
            Files.copy(from, to);
            force(to);
            return;
        }
        byte[] staged = Files.readAllBytes(from);
        int skip = 0;
        if (format == OutputFormat.CSV) {
            skip = headerLength(staged);
            byte[] header = Arrays.copyOf(staged, skip);
            byte[] existing;
            try (InputStream in = Files.newInputStream(to)) {
                existing = in.readNBytes(skip);
            }
            if (!Arrays.equals(header, existing)) {
                throw new IllegalStateException("the columns of " + to + " differ from this batch's: "
                        + new String(header, java.nio.charset.StandardCharsets.UTF_8).strip());
            }
        }
        try (OutputStream out = Files.newOutputStream(to, StandardOpenOption.APPEND)) {
            out.write(staged, skip, staged.length - skip);
        }
        force(to);
    }

    /** Bytes up to and including the first line break (a header never holds one: it names columns and classes). */
    private static int headerLength(byte[] csv) {
        for (int i = 0; i < csv.length; i++) {
            if (csv[i] == '\n') {
                return i + 1;
            }
        }
        return csv.length;
    }

    /** Moves the staged data files into the table's folder, named after the batch; empty ones only to start a table. */
    private static void appendParquet(long batch, Path from, Path to) throws IOException {
        boolean created = !Files.isDirectory(to);
        Files.createDirectories(to);
        int k = 0;
        for (Path part : list(from)) {
            String name = part.getFileName().toString();
            if (!name.startsWith("part-") || (!created && rows(part) == 0)) {
                continue;
            }
            String suffix = name.substring(name.indexOf('.'));
            Path target = to.resolve(String.format("part-%012d-%03d%s", batch, k++, suffix));
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            force(target);
        }
    }

    private static long rows(Path parquet) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(
                HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(parquet.toUri()), new Configuration()))) {
            return reader.getRecordCount();
        }
    }

    /** The batch a Parquet data file was appended by, or -1 for a file the appender did not name. */
    private static long batchOf(Path part) {
        String name = part.getFileName().toString();
        return name.matches("part-\\d{12}-\\d{3}\\..*") ? Long.parseLong(name.substring(5, 17)) : -1;
    }

    /** The Parquet table folders: every folder that Spark would not skip. */
    private List<Path> tables() throws IOException {
        return list(dir).stream()
                .filter(Files::isDirectory)
                .filter(p -> !p.getFileName().toString().startsWith("_")
                        && !p.getFileName().toString().startsWith("."))
                .toList();
    }

    /** The CSV or JSON table files: every {@code .csv} or {@code .json} file but summary.json. */
    private List<Path> tableFiles() throws IOException {
        if (format == OutputFormat.PARQUET) {
            return List.of();
        }
        String ext = "." + format.name().toLowerCase(java.util.Locale.ROOT);
        return list(dir).stream()
                .filter(Files::isRegularFile)
                .filter(p -> p.getFileName().toString().endsWith(ext))
                .filter(p -> !p.getFileName().toString().equals("summary.json"))
                .toList();
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.sorted().toList();
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }
}
