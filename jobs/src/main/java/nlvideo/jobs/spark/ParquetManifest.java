package nlvideo.jobs.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nlvideo.pipeline.dataset.DatasetException;
import nlvideo.pipeline.dataset.LabelList;
import nlvideo.pipeline.dataset.Labels;
import nlvideo.pipeline.dataset.ManifestEntry;
import nlvideo.pipeline.dataset.VideoRef;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A manifest stored as Parquet: the same columns and rules as the CSV and JSON-lines manifests
 * ({@code path} required; {@code video_id}, {@code label} or {@code labels} optional, labels as a
 * string or an array of strings, the same id rules), read with Spark because Parquet needs it.
 */
public final class ParquetManifest {

    private ParquetManifest() {}

    public static List<VideoRef> read(SparkSession spark, Path file, LabelList labels) {
        Dataset<Row> rows;
        try {
            rows = spark.read().parquet(file.toUri().toString());
        } catch (Exception e) { // Spark's own exceptions are checked ones, thrown undeclared
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new DatasetException(file, 0, "not a readable Parquet file (" + why + ")", e);
        }
        List<String> columns = Arrays.asList(rows.columns());
        if (!columns.contains("path")) {
            throw new DatasetException(file, 0, "no 'path' column (columns: " + columns + ")");
        }
        if (!(rows.schema().apply("path").dataType() instanceof org.apache.spark.sql.types.StringType)) {
            throw new DatasetException(
                    file,
                    0,
                    "column 'path' holds "
                            + rows.schema().apply("path").dataType().simpleString() + ", not strings");
        }
        List<ManifestEntry.Entry> entries = new ArrayList<>();
        int line = 0;
        for (Row row : rows.collectAsList()) {
            line++;
            String id = columns.contains("video_id") ? row.getAs("video_id") : null;
            List<String> labelCells = new ArrayList<>();
            for (String column : List.of("label", "labels")) {
                if (!columns.contains(column) || row.isNullAt(row.fieldIndex(column))) {
                    continue;
                }
                Object cell = row.getAs(column);
                if (cell instanceof scala.collection.Seq<?> seq) {
                    scala.collection.JavaConverters.seqAsJavaList(seq).forEach(v -> labelCells.add(String.valueOf(v)));
                } else {
                    labelCells.addAll(ManifestEntry.splitLabels(String.valueOf(cell)));
                }
            }
            List<String> canonical = new ArrayList<>();
            for (String label : labelCells) {
                canonical.add(Labels.canonical(file, line, label, labels));
            }
            entries.add(new ManifestEntry.Entry(line, row.getAs("path"), id, canonical));
        }
        return ManifestEntry.toVideoRefs(file, entries, file.toAbsolutePath().getParent());
    }
}
