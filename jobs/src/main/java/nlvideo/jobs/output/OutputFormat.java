package nlvideo.jobs.output;

/** The table formats a job can write; Parquet keeps types, CSV and JSON are for people and tools. */
public enum OutputFormat {
    CSV("csv"),
    JSON("json"),
    PARQUET("parquet");

    private final String sparkName;

    OutputFormat(String sparkName) {
        this.sparkName = sparkName;
    }

    /** The name Spark's DataFrameWriter knows this format by. */
    public String sparkName() {
        return sparkName;
    }
}
