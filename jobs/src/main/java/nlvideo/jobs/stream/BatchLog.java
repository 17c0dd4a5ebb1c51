package nlvideo.jobs.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The sink's own commit log: one {@link BatchRecord} per micro-batch whose rows are in the tables,
 * {@code batches/NNNNNNNNNNNNNNNNNNNN.json}, each written to a temporary name, flushed to disk and
 * renamed, so that a record is there whole or not at all. Spark runs a micro-batch again after a
 * restart when it had not committed it; the record says the rows are already written (the batch is
 * skipped), and its absence says they are not (anything a failed attempt appended is cut off, back
 * to the record before). Only the newest {@link #KEEP} records are kept: the totals ride along in
 * each.
 */
final class BatchLog {

    /** Records kept; older ones are deleted as new ones are written. */
    static final int KEEP = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    BatchLog(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** The record of {@code batch}, if its rows were written. */
    Optional<BatchRecord> get(long batch) {
        Path file = file(batch);
        return Files.isRegularFile(file) ? Optional.of(read(file)) : Optional.empty();
    }

    /** The newest record of a batch before {@code batch}: the state the tables were left in. */
    Optional<BatchRecord> latestBefore(long batch) {
        return batches().filter(b -> b < batch).max(Long::compare).map(b -> read(file(b)));
    }

    /** Writes a record atomically, then deletes all but the newest {@link #KEEP}. */
    void write(BatchRecord record) {
        Path file = file(record.batch());
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), record);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            List<Long> old = batches().sorted().toList();
            for (long b : old.subList(0, Math.max(0, old.size() - KEEP))) {
                Files.deleteIfExists(file(b));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private Stream<Long> batches() {
        try (Stream<Path> files = Files.list(dir)) {
            return files
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\d{20}\\.json"))
                    .map(n -> Long.parseLong(n.substring(0, 20)))
                    .toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private Path file(long batch) {
        return dir.resolve(String.format("%020d.json", batch));
    }

    private static BatchRecord read(Path file) {
        try {
            return JSON.readValue(file.toFile(), BatchRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
