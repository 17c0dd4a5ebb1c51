package nlvideo.jobs.output;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A table whose rows are all in the driver already, one per video (a classification's {@code
 * predictions}, {@code errors} and {@code video_features}): Spark rows under a Spark schema.
 * {@link JobOutput} writes it as CSV or JSON, and prints it, without a Spark query, in the same
 * bytes the query would give; Parquet still goes through Spark ({@link #toDataset}). A job's first
 * Spark SQL query costs the driver about a second (session state, planning, code generation; 1.0 s
 * of vs-pytorch.sh's 8 s job of 1 clip x 1 crop), more than writing a few thousand rows.
 *
 * <p>Cells are what {@link org.apache.spark.sql.RowFactory#create} takes for the schema's types:
 * String, Integer, Long, Float, Double, Boolean, and for an array column a Java array (primitive
 * or not) or a {@link java.util.List}.
 *
 * @param schema the columns, with their metadata ({@link JobOutput#withClasses})
 * @param rows the rows, in the order they are written
 */
public record DriverTable(StructType schema, List<Row> rows) {

    /** The same table as a Spark Dataset, for Parquet. */
    public Dataset<Row> toDataset(SparkSession spark) {
        return spark.createDataFrame(rows, schema);
    }
}
