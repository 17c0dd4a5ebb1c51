package nlvideo.jobs.linearprobe;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nlvideo.pipeline.dataset.LabelList;
import nlvideo.pipeline.dataset.VideoRef;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Fits a {@link LinearProbe}: the {@code video_features} table that {@code extract-features} wrote
 * (in any of its formats) joined by {@code video_id} to a manifest's labels, then a multinomial
 * logistic regression (Spark MLlib, L-BFGS) with standardised features (MLlib's {@code
 * standardization}: each feature scaled to unit variance while fitting, so that one L2 penalty
 * weighs all of them alike; the coefficients are returned in the original scale) and the L2
 * strength chosen by k-fold cross-validation ({@link CrossValidator}) over a grid, by top-1
 * accuracy. The chosen strength is then fitted on every labelled video.
 */
public final class ProbeTraining {

    /** The feature vector column the MLlib model reads. */
    static final String FEATURES = "features";

    /** The table {@code extract-features} writes one row per video into: {@code video_id, views, feature}. */
    public static final String VIDEO_FEATURES = "video_features";

    private static final String LABEL = "label";

    /**
     * How the probe is fitted.
     *
     * @param regParams the L2 strengths tried (MLlib {@code regParam}, each {@code >= 0})
     * @param folds the cross-validation folds ({@code >= 2})
     * @param maxIter L-BFGS iterations per fit ({@code >= 1})
     * @param seed the seed of the fold assignment
     */
    public record Settings(double[] regParams, int folds, int maxIter, long seed) {}

    /**
     * A fitted probe and how it was chosen.
     *
     * @param crossValidation per tried {@code regParam} (in the order tried): the mean top-1 over
     *     the held-out folds
     * @param perClass labelled videos with a feature, per class
     * @param labelledWithoutFeature videos of the manifest with a label but no row in {@code
     *     video_features} (their extraction failed, or they were not extracted)
     * @param featuresWithoutLabel feature rows whose video the manifest does not label
     * @param seconds wall time of the cross-validation and the final fit
     */
    public record Result(
            LogisticRegressionModel model,
            LabelList classes,
            LinearProbe.Info info,
            Map<Double, Double> crossValidation,
            Map<String, Long> perClass,
            long labelledWithoutFeature,
            long featuresWithoutLabel,
            double seconds) {}

    private ProbeTraining() {}

    /**
     * Fits the probe.
     *
     * @param featuresDir an {@code extract-features} output folder (holding {@code video_features})
     * @param videos the labelled videos (one label each); videos without a label are ignored
     * @throws IllegalArgumentException when the folder has no features table, a video has more than
     *     one label, fewer than two classes or fewer videos than folds remain, or the features differ
     *     in width
     */
    public static Result fit(SparkSession spark, Path featuresDir, List<VideoRef> videos, Settings settings) {
        Dataset<Row> features = read(spark, featuresDir);
        Map<String, String> labelOf = new LinkedHashMap<>();
        for (VideoRef v : videos) {
            if (v.labels().size() > 1) {
                throw new IllegalArgumentException("video " + v.videoId() + " has "
                        + v.labels().size() + " labels; a probe learns one class per video");
            }
            if (v.isLabeled()) {
                labelOf.put(v.videoId(), v.labels().get(0));
            }
        }
        List<String> withFeature =
                features.select("video_id").as(Encoders.STRING()).collectAsList();
        Map<String, Long> perClass = new TreeMap<>(); // the classes, sorted by name
        for (String id : withFeature) {
            String label = labelOf.get(id);
            if (label != null) {
                perClass.merge(label, 1L, Long::sum);
            }
        }
        LabelList classes = LabelList.of(List.copyOf(perClass.keySet()));
        long used = perClass.values().stream().mapToLong(Long::longValue).sum();
        if (classes.size() < 2) {
            throw new IllegalArgumentException("a probe needs videos of at least 2 classes with features; found "
                    + classes.size() + " among " + used + " labelled videos with a feature in " + featuresDir);
        }
        if (used < settings.folds()) {
            throw new IllegalArgumentException(
                    used + " labelled videos with a feature are fewer than the " + settings.folds() + " folds");
        }
        List<Row> labelRows = new ArrayList<>();
        for (Map.Entry<String, String> e : labelOf.entrySet()) {
            labelRows.add(RowFactory.create(e.getKey(), (double) classes.indexOf(e.getValue())));
        }
        StructType labelSchema =
                new StructType().add("video_id", DataTypes.StringType, false).add(LABEL, DataTypes.DoubleType, false);
        Dataset<Row> data = features.join(spark.createDataFrame(labelRows, labelSchema), "video_id")
                .select(
                        col(LABEL)
                                .as(
                                        LABEL,
                                        NominalAttribute.defaultAttr()
                                                .withNumValues(classes.size())
                                                .toMetadata()),
                        functions.array_to_vector(col("feature")).as(FEATURES),
                        size(col("feature")).as("width"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Row widths = data.agg(min("width"), max("width")).first();
            if (widths.getInt(0) != widths.getInt(1)) {
                throw new IllegalArgumentException("the features in " + featuresDir + " differ in width: "
                        + widths.getInt(0) + " to " + widths.getInt(1));
            }
            long t0 = System.nanoTime();
            CrossValidatorModel cv = crossValidate(data, settings);
            double seconds = (System.nanoTime() - t0) / 1e9;
            LogisticRegressionModel best = (LogisticRegressionModel) cv.bestModel();
            Map<Double, Double> table = new LinkedHashMap<>();
            for (int i = 0; i < settings.regParams().length; i++) {
                table.put(settings.regParams()[i], cv.avgMetrics()[i]);
            }
            String[] backbone = backbone(featuresDir);
            LinearProbe.Info info = new LinearProbe.Info(
                    widths.getInt(0),
                    backbone[0],
                    backbone[1],
                    best.getRegParam(),
                    top1().evaluate(best.transform(data)),
                    table.get(best.getRegParam()));
            return new Result(
                    best, classes, info, table, perClass, labelOf.size() - used, withFeature.size() - used, seconds);
        } finally {
            data.unpersist();
        }
    }

    /** The logistic regression fitted for every strength of the grid on every fold, the best refitted on all. */
    private static CrossValidatorModel crossValidate(Dataset<Row> data, Settings settings) {
        LogisticRegression lr = new LogisticRegression()
                .setFamily("multinomial")
                .setStandardization(true)
                .setElasticNetParam(0.0)
                .setMaxIter(settings.maxIter())
                .setFeaturesCol(FEATURES)
                .setLabelCol(LABEL);
        ParamMap[] grid = new ParamGridBuilder()
                .addGrid(lr.regParam(), settings.regParams())
                .build();
        return new CrossValidator()
                .setEstimator(lr)
                .setEstimatorParamMaps(grid)
                .setEvaluator(top1())
                .setNumFolds(settings.folds())
                .setSeed(settings.seed())
                .setParallelism(2)
                .fit(data);
    }

    private static MulticlassClassificationEvaluator top1() {
        return new MulticlassClassificationEvaluator().setMetricName("accuracy").setLabelCol(LABEL);
    }

    /**
     * The {@code video_features} table of an {@code extract-features} folder as {@code video_id}
     * and {@code feature} (array of doubles): {@code video_features.csv} (features joined with
     * {@code ;}), {@code video_features.json} (JSON lines), or the Parquet folder {@code
     * video_features/}.
     *
     * @throws IllegalArgumentException when there is none
     */
    public static Dataset<Row> read(SparkSession spark, Path dir) {
        Path csv = dir.resolve(VIDEO_FEATURES + ".csv");
        Path json = dir.resolve(VIDEO_FEATURES + ".json");
        Path parquet = dir.resolve(VIDEO_FEATURES);
        Dataset<Row> table;
        if (Files.isRegularFile(csv)) {
            table = spark.read()
                    .option("header", true)
                    .csv(csv.toUri().toString())
                    .withColumn("feature", split(col("feature"), ";"));
        } else if (Files.isRegularFile(json)) {
            table = spark.read().json(json.toUri().toString());
        } else if (Files.isDirectory(parquet)) {
            table = spark.read().parquet(parquet.toUri().toString());
        } else {
            throw new IllegalArgumentException("no " + VIDEO_FEATURES + " table in " + dir
                    + " (extract-features writes it: " + VIDEO_FEATURES + ".csv, .json or a Parquet folder)");
        }
        return table.select(
                col("video_id"), col("feature").cast("array<double>").as("feature"));
    }

    /** The model and weights named in the features folder's summary.json, or nulls. */
    private static String[] backbone(Path featuresDir) {
        Path summary = featuresDir.resolve("summary.json");
        if (!Files.isRegularFile(summary)) {
            return new String[2];
        }
        try {
            JsonNode config = new ObjectMapper().readTree(summary.toFile()).path("configuration");
            return new String[] {
                config.path("model").asText(null), config.path("weights").asText(null)
            };
        } catch (IOException e) {
            return new String[2];
        }
    }
}
