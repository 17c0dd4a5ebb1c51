package nlvideo.jobs.timeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nlvideo.jobs.classify.ClassifyJob;
import nlvideo.jobs.classify.VideoOutcome;
import nlvideo.pipeline.aggregate.TopK;
import nlvideo.pipeline.dataset.LabelList;
import nlvideo.pipeline.dataset.VideoRef;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Untrimmed videos: the classification job's results on a {@link StepPlan} (one clip per step,
 * spread over the executors like any long video) folded per video into a {@link VideoTimeline},
 * on the executors, and the two tables people read:
 *
 * <ul>
 *   <li>{@code timeline}: {@code video_id, start_s, end_s, label, score}, the top-k labels of
 *       every step (k rows per step, best first);
 *   <li>{@code segments}: {@code video_id, start_s, end_s, label, mean_score}, the
 *       {@link Segmenter}'s spans.
 * </ul>
 */
public final class TimelineJob {

    private static final StructType TIMELINE = new StructType()
            .add("video_id", DataTypes.StringType, false)
            .add("start_s", DataTypes.DoubleType, false)
            .add("end_s", DataTypes.DoubleType, false)
            .add("label", DataTypes.StringType, false)
            .add("score", DataTypes.FloatType, false);

    private static final StructType SEGMENTS = new StructType()
            .add("video_id", DataTypes.StringType, false)
            .add("start_s", DataTypes.DoubleType, false)
            .add("end_s", DataTypes.DoubleType, false)
            .add("label", DataTypes.StringType, false)
            .add("mean_score", DataTypes.DoubleType, false);

    private TimelineJob() {}

    /**
     * Every predicted video's timeline, computed on the executors and kept there (memory and
     * disk) for the tables; unpersist when done.
     *
     * @param inputs the job's inputs, to map video ids to the paths the plan saw
     * @param result the classification job's result on {@code plan}
     * @param scoresAreProbabilities whether the head outputs probabilities (fully convolutional)
     */
    public static JavaRDD<VideoTimeline> timelines(
            List<VideoRef> inputs,
            ClassifyJob.Result result,
            StepPlan plan,
            Segmenter segmenter,
            boolean scoresAreProbabilities) {
        Map<String, Double> byPath = plan.durations();
        Map<String, Double> durations = new HashMap<>();
        for (VideoOutcome v : result.videos()) {
            if (v.isPredicted()) {
                durations.put(
                        v.ref().videoId(), byPath.get(Path.of(v.ref().path()).toString()));
            }
        }
        return result.clips()
                .filter(c -> !c.failed() && durations.containsKey(c.videoId()))
                .mapToPair(c -> new Tuple2<>(c.videoId(), c))
                .groupByKey()
                .map(g -> VideoTimeline.of(
                        g._1(), durations.get(g._1()), g._2(), scoresAreProbabilities, plan, segmenter))
                .setName("timelines")
                .persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** The {@code timeline} table: top-k labels of every step, by video, time and rank. */
    public static Dataset<Row> timelineTable(
            SparkSession spark, JavaRDD<VideoTimeline> timelines, LabelList labels, int topK) {
        int k = Math.min(topK, labels.size());
        JavaRDD<Row> rows = timelines.flatMap(t -> {
            List<Row> out = new ArrayList<>(t.steps() * k);
            for (int s = 0; s < t.steps(); s++) {
                float[] p = t.probabilities()[s];
                for (int c : TopK.indices(p, k)) {
                    out.add(RowFactory.create(t.videoId(), t.starts()[s], t.ends()[s], labels.name(c), p[c]));
                }
            }
            return out.iterator();
        });
        return spark.createDataFrame(rows, TIMELINE)
                .orderBy(
                        functions.col("video_id"),
                        functions.col("start_s"),
                        functions.col("score").desc());
    }

    /** The {@code segments} table, by video and time. */
    public static Dataset<Row> segmentTable(SparkSession spark, JavaRDD<VideoTimeline> timelines, LabelList labels) {
        JavaRDD<Row> rows = timelines.flatMap(t -> {
            List<Row> out = new ArrayList<>();
            for (Segment s : t.segments()) {
                out.add(RowFactory.create(t.videoId(), s.start(), s.end(), labels.name(s.label()), s.meanScore()));
            }
            return out.iterator();
        });
        return spark.createDataFrame(rows, SEGMENTS).orderBy(functions.col("video_id"), functions.col("start_s"));
    }
}
