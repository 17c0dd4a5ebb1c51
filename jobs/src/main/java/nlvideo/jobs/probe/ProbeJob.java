package nlvideo.jobs.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nlvideo.jobs.classify.ClassifyJob;
import nlvideo.jobs.classify.ProbeTask;
import nlvideo.jobs.recovery.WorkFolder;
import nlvideo.pipeline.dataset.VideoRef;
import nlvideo.pipeline.video.VideoInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads every input video's header on the executors: one row per input, either its stream facts
 * ({@link VideoInfo}: the stream the decoder will read, its displayed and stored size, sample
 * aspect ratio, rotation, rates, frame count and where that count comes from, colour matrix and
 * range, field order) or the error kind and message. Probing is cheap, so one task handles a
 * handful of videos.
 */
public final class ProbeJob {

    /** The probe table's columns, in the order users read them. */
    public static final StructType SCHEMA = new StructType()
            .add("video_id", DataTypes.StringType, false)
            .add("path", DataTypes.StringType, true)
            .add("status", DataTypes.StringType, false)
            .add("container", DataTypes.StringType, true)
            .add("codec", DataTypes.StringType, true)
            .add("stream_index", DataTypes.IntegerType, true)
            .add("width", DataTypes.IntegerType, true)
            .add("height", DataTypes.IntegerType, true)
            .add("stored_width", DataTypes.IntegerType, true)
            .add("stored_height", DataTypes.IntegerType, true)
            .add("sample_aspect_ratio", DataTypes.StringType, true)
            .add("rotation", DataTypes.IntegerType, true)
            .add("avg_fps", DataTypes.DoubleType, true)
            .add("nominal_fps", DataTypes.DoubleType, true)
            .add("duration_s", DataTypes.DoubleType, true)
            .add("frame_count", DataTypes.LongType, true)
            .add("frame_count_source", DataTypes.StringType, true)
            .add("frame_count_estimated", DataTypes.BooleanType, true)
            .add("pixel_format", DataTypes.StringType, true)
            .add("color_matrix", DataTypes.StringType, true)
            .add("color_range", DataTypes.StringType, true)
            .add("field_order", DataTypes.StringType, true)
            .add("has_audio", DataTypes.BooleanType, true)
            .add("error_kind", DataTypes.StringType, true)
            .add("error_message", DataTypes.StringType, true);

    private ProbeJob() {}

    /**
     * Probes every input on the executors through the classification jobs' probe stage ({@link
     * ProbeTask#stage}): each file under the time limit, each task inside a task attempt that
     * isolates a file that kills its executor.
     *
     * @param work the job's bookkeeping folder (task journals)
     * @param limit how long probing one file may take; zero for no limit
     * @return one row per input, in {@link #SCHEMA}: {@code status} "ok" with the stream facts, or
     *     "error" with {@code error_kind} (not_found for a missing file or a dangling link, ...,
     *     timeout for a file whose probe outlasted {@code limit}, crashed for one that killed its
     *     executor twice)
     */
    public static Dataset<Row> run(SparkSession spark, List<VideoRef> inputs, WorkFolder work, Duration limit) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        jsc.setJobDescription("probe: read " + inputs.size() + " video headers");
        List<Row> rows = new ArrayList<>(inputs.size());
        for (ClassifyJob.Probed p : ProbeTask.stage(jsc, "probe", inputs, work, limit)) {
            rows.add(row(p));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** One input's row. */
    static Row row(ClassifyJob.Probed probed) {
        String videoId = probed.ref().videoId();
        String path = probed.ref().path();
        if (probed.errorKind() != null) {
            Object[] cells = new Object[SCHEMA.size()];
            cells[0] = videoId;
            cells[1] = path;
            cells[2] = "error";
            cells[cells.length - 2] = probed.errorKind();
            cells[cells.length - 1] = probed.errorMessage();
            return RowFactory.create(cells);
        }
        VideoInfo info = probed.info();
        return RowFactory.create(
                videoId,
                path,
                "ok",
                info.container(),
                info.codec(),
                info.streamIndex(),
                info.width(),
                info.height(),
                info.storedWidth(),
                info.storedHeight(),
                info.sampleAspectRatio(),
                info.rotation(),
                info.avgFps(),
                info.nominalFps(),
                info.durationSeconds(),
                info.frameCount(),
                info.frameCountSource().code(),
                info.frameCountEstimated(),
                info.pixelFormat(),
                info.colorMatrix().code(),
                info.colorRange().code(),
                info.fieldOrder().code(),
                info.hasAudio(),
                null,
                null);
    }
}
