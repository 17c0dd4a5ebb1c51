package nlvideo.jobs.linearprobe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nlvideo.jobs.classify.VideoOutcome;
import nlvideo.pipeline.dataset.LabelList;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A linear probe: a multinomial logistic regression (Spark MLlib) from a backbone's pooled video
 * feature (the mean pool5 feature of a video's views, as {@code extract-features} writes it in
 * {@code video_features}) to a new set of classes, trained by {@code train-probe} without touching
 * the network. {@code classify --probe DIR} scores videos with it instead of the network's head.
 *
 * <p>The folder holds {@code model/} (the MLlib {@link LogisticRegressionModel}, written by its own
 * writer), {@code labels.txt} (the classes in the order of the model's outputs) and {@code
 * probe.json} ({@link Info}: the feature width and the backbone the features came from).
 */
public final class LinearProbe {

    /** The MLlib model's folder inside a probe folder. */
    public static final String MODEL = "model";

    /** The class names, one per line, in the order of the model's outputs. */
    public static final String LABELS = "labels.txt";

    /** What the probe expects of its features and how it was chosen ({@link Info}). */
    public static final String INFO = "probe.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What a probe folder says about itself.
     *
     * @param featureWidth the length of the feature vectors it takes (the backbone's pool5 width)
     * @param backboneModel the model config name that made the training features, or null if unknown
     * @param backboneWeights the weights that made them, as the features' summary names them, or null
     * @param regParam the L2 regularisation chosen by cross-validation (MLlib's {@code regParam})
     * @param trainAccuracy top-1 of the final model on its own training videos, in [0, 1]
     * @param validationAccuracy mean top-1 over the held-out folds at {@code regParam}, in [0, 1]
     */
    public record Info(
            int featureWidth,
            String backboneModel,
            String backboneWeights,
            double regParam,
            double trainAccuracy,
            double validationAccuracy) {}

    private final Path dir;
    private final LabelList classes;
    private final Info info;
    private LogisticRegressionModel model;

    private LinearProbe(Path dir, LabelList classes, Info info) {
        this.dir = dir;
        this.classes = classes;
        this.info = info;
    }

    /**
     * Opens a probe folder without Spark: its classes and {@link Info}; the MLlib model is read
     * when the probe first scores.
     *
     * @throws IllegalArgumentException when {@code dir} is not a probe folder (a file is missing or
     *     unreadable), with a message naming what is missing
     */
    public static LinearProbe open(Path dir) {
        for (String name : List.of(MODEL, LABELS, INFO)) {
            if (!Files.exists(dir.resolve(name))) {
                throw new IllegalArgumentException(
                        dir + " is not a probe folder written by train-probe: it has no " + name);
            }
        }
        try {
            Info info = JSON.readValue(dir.resolve(INFO).toFile(), Info.class);
            return new LinearProbe(dir.toAbsolutePath(), LabelList.read(dir.resolve(LABELS)), info);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the probe in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a probe folder: the MLlib model, {@code labels.txt} and {@code probe.json}.
     *
     * @throws UncheckedIOException when a file cannot be written
     */
    public static void write(Path dir, LogisticRegressionModel model, LabelList classes, Info info) {
        try {
            Files.createDirectories(dir);
            model.write().overwrite().save(dir.resolve(MODEL).toUri().toString());
            Files.write(dir.resolve(LABELS), classes.names(), StandardCharsets.UTF_8);
            JSON.writeValue(dir.resolve(INFO).toFile(), info);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the probe to " + dir, e);
        }
    }

    /** The probe's classes, in the order of its scores. */
    public LabelList classes() {
        return classes;
    }

    /** What the probe folder says about itself: feature width, backbone, how it was chosen. */
    public Info info() {
        return info;
    }

    /** The probe folder (absolute). */
    public Path dir() {
        return dir;
    }

    /**
     * Scores every predicted video with the probe: its mean pool5 feature ({@link
     * VideoOutcome#meanFeature}, which the job must have computed) through the logistic regression,
     * giving one probability per probe class (they sum to 1). Failed videos stay as they are; the
     * network's per-view top-1 classes are dropped, since they name the network's classes.
     *
     * @return the outcomes in the same order, predicted ones with the probe's probabilities as scores
     * @throws IllegalStateException when a predicted video has no feature, or one of another width
     */
    public List<VideoOutcome> score(SparkSession spark, List<VideoOutcome> videos) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < videos.size(); i++) {
            VideoOutcome v = videos.get(i);
            if (!v.isPredicted()) {
                continue;
            }
            float[] feature = v.meanFeature();
            if (feature == null || feature.length != info.featureWidth()) {
                throw new IllegalStateException("video " + v.ref().videoId() + " has "
                        + (feature == null ? "no feature" : "a feature of width " + feature.length)
                        + "; the probe in " + dir + " takes " + info.featureWidth());
            }
            rows.add(RowFactory.create(i, Vectors.dense(toDoubles(feature))));
        }
        StructType schema = new StructType()
                .add("index", DataTypes.IntegerType, false)
                .add(ProbeTraining.FEATURES, SQLDataTypes.VectorType(), false);
        Dataset<Row> scored =
                model().transform(spark.createDataFrame(rows, schema)).select("index", "probability");
        List<VideoOutcome> out = new ArrayList<>(videos);
        for (Row r : scored.collectAsList()) {
            int i = r.getInt(0);
            VideoOutcome v = videos.get(i);
            float[] p = toFloats(((Vector) r.get(1)).toArray());
            out.set(
                    i,
                    new VideoOutcome(
                            v.ref(),
                            p,
                            v.meanFeature(),
                            v.views(),
                            new int[0],
                            null,
                            null,
                            v.paddedFrames(),
                            v.decodeErrors()));
        }
        return out;
    }

    private LogisticRegressionModel model() {
        if (model == null) {
            model = LogisticRegressionModel.load(dir.resolve(MODEL).toUri().toString());
            if (model.numClasses() != classes.size() || model.numFeatures() != info.featureWidth()) {
                throw new IllegalStateException("the model in " + dir.resolve(MODEL) + " has " + model.numClasses()
                        + " classes and " + model.numFeatures() + " features, but " + LABELS + " has "
                        + classes.size() + " classes and " + INFO + " says " + info.featureWidth() + " features");
            }
        }
        return model;
    }

    static double[] toDoubles(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return d;
    }

    private static float[] toFloats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }
}
