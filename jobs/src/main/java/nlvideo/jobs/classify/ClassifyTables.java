package nlvideo.jobs.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nlvideo.jobs.output.DriverTable;
import nlvideo.jobs.output.JobOutput;
import nlvideo.pipeline.aggregate.TopK;
import nlvideo.pipeline.dataset.LabelList;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The output tables of a classification: {@code predictions} and {@code errors} (together, every
 * input exactly once), and on request {@code clips} (per view) and {@code features}. The tables
 * of one row per video are {@link DriverTable}s (their rows are in the driver already); the
 * tables of one row per view stay Spark Datasets.
 */
public final class ClassifyTables {

    private static final org.apache.spark.sql.types.DataType FLOATS =
            DataTypes.createArrayType(DataTypes.FloatType, false);
    private static final org.apache.spark.sql.types.DataType STRINGS =
            DataTypes.createArrayType(DataTypes.StringType, false);

    private final SparkSession spark;
    private final LabelList labels;
    private final int topK;

    public ClassifyTables(SparkSession spark, LabelList labels, int topK) {
        this.spark = spark;
        this.labels = labels;
        this.topK = Math.min(topK, labels.size());
    }

    /**
     * One row per predicted video: truth (if any), top-k labels and scores, views used, frame
     * positions over its clips that repeat its last frame or wrap ({@code padded_frames}), and the
     * errors FFmpeg reported while decoding it ({@code decode_errors}).
     */
    public DriverTable predictions(List<VideoOutcome> videos, boolean allScores) {
        StructType schema = new StructType()
                .add("video_id", DataTypes.StringType, false)
                .add("path", DataTypes.StringType, true)
                .add("true_labels", STRINGS, false)
                .add("label", DataTypes.StringType, false)
                .add("score", DataTypes.FloatType, false)
                .add("top_labels", STRINGS, false)
                .add("top_scores", FLOATS, false)
                .add("views", DataTypes.IntegerType, false)
                .add("padded_frames", DataTypes.IntegerType, false)
                .add("decode_errors", DataTypes.IntegerType, false);
        if (allScores) {
            schema = schema.add("scores", FLOATS, false, JobOutput.withClasses(labels.names()));
        }
        List<Row> rows = new ArrayList<>();
        for (VideoOutcome v : videos) {
            if (!v.isPredicted()) {
                continue;
            }
            int[] top = TopK.indices(v.scores(), topK);
            String[] names = new String[top.length];
            float[] values = new float[top.length];
            for (int i = 0; i < top.length; i++) {
                names[i] = labels.name(top[i]);
                values[i] = v.scores()[top[i]];
            }
            List<Object> cells = new ArrayList<>(List.of(
                    v.ref().videoId(),
                    v.ref().path(),
                    trueLabels(v),
                    names[0],
                    values[0],
                    names,
                    values,
                    v.views(),
                    v.paddedFrames(),
                    v.decodeErrors()));
            if (allScores) {
                cells.add(v.scores());
            }
            rows.add(RowFactory.create(cells.toArray()));
        }
        return new DriverTable(schema, rows);
    }

    /** One row per video that has no prediction, with the error kind and message. */
    public DriverTable errors(List<VideoOutcome> videos) {
        StructType schema = new StructType()
                .add("video_id", DataTypes.StringType, false)
                .add("path", DataTypes.StringType, true)
                .add("true_labels", STRINGS, false)
                .add("error_kind", DataTypes.StringType, false)
                .add("error_message", DataTypes.StringType, true);
        List<Row> rows = new ArrayList<>();
        for (VideoOutcome v : videos) {
            if (v.isPredicted()) {
                continue;
            }
            rows.add(RowFactory.create(
                    v.ref().videoId(), v.ref().path(), trueLabels(v), v.errorKind(), v.errorMessage()));
        }
        return new DriverTable(schema, rows);
    }

    /** A video's true labels as class names, as {@code label} and {@code top_labels} write them. */
    private String[] trueLabels(VideoOutcome v) {
        return v.ref().labels().stream()
                .map(l -> {
                    int i = labels.indexOf(l);
                    return i < 0 ? l : labels.name(i);
                })
                .toArray(String[]::new);
    }

    /**
     * One row per classified view: where the clip lies in time, its top label, its padded frame
     * positions and the decode errors met just before its frames, and its scores.
     */
    public Dataset<Row> clips(JavaRDD<ClipResult> clips) {
        StructType schema = viewColumns()
                .add("label", DataTypes.StringType, false)
                .add("score", DataTypes.FloatType, false)
                .add("padded_frames", DataTypes.IntegerType, false)
                .add("decode_errors", DataTypes.IntegerType, false)
                .add("scores", FLOATS, false, JobOutput.withClasses(labels.names()));
        LabelList names = labels;
        JavaRDD<Row> rows = clips.filter(c -> !c.failed()).map(c -> {
            int best = TopK.argmax(c.scores());
            return RowFactory.create(
                    c.videoId(),
                    c.clipIndex(),
                    c.cropIndex(),
                    c.startSeconds(),
                    c.endSeconds(),
                    names.name(best),
                    c.scores()[best],
                    c.paddedFrames(),
                    c.decodeErrors(),
                    c.scores());
        });
        return spark.createDataFrame(rows, schema);
    }

    /** One row per view with its pool5 feature, and where the clip lies in time. */
    public Dataset<Row> clipFeatures(JavaRDD<ClipResult> clips) {
        StructType schema = viewColumns().add("feature", FLOATS, false);
        JavaRDD<Row> rows = clips.filter(c -> !c.failed())
                .map(c -> RowFactory.create(
                        c.videoId(), c.clipIndex(), c.cropIndex(), c.startSeconds(), c.endSeconds(), c.features()));
        return spark.createDataFrame(rows, schema);
    }

    /** The columns that place a view: its video, clip, crop, and where the clip lies in time. */
    private static StructType viewColumns() {
        return new StructType()
                .add("video_id", DataTypes.StringType, false)
                .add("clip_index", DataTypes.IntegerType, false)
                .add("crop_index", DataTypes.IntegerType, false)
                .add("start_s", DataTypes.DoubleType, false)
                .add("end_s", DataTypes.DoubleType, false);
    }

    /** One row per predicted video with the mean of its views' features. */
    public DriverTable videoFeatures(List<VideoOutcome> videos) {
        StructType schema = new StructType()
                .add("video_id", DataTypes.StringType, false)
                .add("views", DataTypes.IntegerType, false)
                .add("feature", FLOATS, false);
        List<Row> rows = new ArrayList<>();
        for (VideoOutcome v : videos) {
            if (v.isPredicted()) {
                rows.add(RowFactory.create(v.ref().videoId(), v.views(), v.meanFeature()));
            }
        }
        return new DriverTable(schema, rows);
    }

    /**
     * Counts that must add up: inputs = predicted + missing + failed, and failures by kind. A
     * missing video (no file found) is counted apart from one that failed to decode or classify,
     * as the evaluation's metric tables count it.
     * Also how many predicted videos had padded frames or decode errors.
     */
    public static Map<String, Object> counts(List<VideoOutcome> videos) {
        Map<String, Long> byKind = new TreeMap<>();
        long predicted = 0;
        long missing = 0;
        long views = 0;
        long padded = 0;
        long damaged = 0;
        for (VideoOutcome v : videos) {
            if (v.isPredicted()) {
                predicted++;
                views += v.views();
                padded += v.paddedFrames() > 0 ? 1 : 0;
                damaged += v.decodeErrors() > 0 ? 1 : 0;
            } else if (v.isMissing()) {
                missing++;
            } else {
                byKind.merge(v.errorKind(), 1L, Long::sum);
            }
        }
        Map<String, Object> counts = new java.util.LinkedHashMap<>();
        counts.put("inputs", videos.size());
        counts.put("predicted", predicted);
        counts.put("missing", missing);
        counts.put("failed", videos.size() - predicted - missing);
        counts.put("failed_by_kind", byKind);
        counts.put("views_classified", views);
        counts.put("videos_with_padding", padded);
        counts.put("videos_with_decode_errors", damaged);
        return counts;
    }
}
