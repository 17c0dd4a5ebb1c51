package nlvideo.jobs.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import nlvideo.jobs.linearprobe.LinearProbe;
import nlvideo.jobs.linearprobe.ProbeTraining;
import nlvideo.jobs.output.JobSummary;
import nlvideo.jobs.spark.ParquetManifest;
import nlvideo.pipeline.dataset.DatasetException;
import nlvideo.pipeline.dataset.InputType;
import nlvideo.pipeline.dataset.VideoExtensions;
import nlvideo.pipeline.dataset.VideoInputs;
import nlvideo.pipeline.dataset.VideoRef;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nlvideo train-probe}: a linear probe (MLlib multinomial logistic regression, {@link
 * ProbeTraining}) on the video features of {@code extract-features}, labelled by a manifest; new
 * classes from a few labelled videos, the network untouched. {@code classify --probe DIR} uses it.
 */
@Command(
        name = "train-probe",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Fit a linear probe on a backbone's video features: a multinomial logistic regression"
                    + " (Spark MLlib, standardised features, L2 strength chosen by k-fold cross-validation)"
                    + " from the video_features table of extract-features to the labels of a manifest.",
            "Writes DIR/model (the MLlib model), DIR/labels.txt, DIR/probe.json and summary.json;"
                    + " prints the cross-validation table and the train and validation top-1.",
            "Use it with: classify --probe DIR (with the --model and --weights that made the features)."
        })
public final class TrainProbeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--features",
            required = true,
            paramLabel = "DIR",
            description = "An extract-features output folder (its video_features table, any format).")
    Path features;

    @Option(
            names = "--labels",
            required = true,
            paramLabel = "MANIFEST",
            description = "Manifest (.csv, .jsonl, .parquet) with video_id and one label per video.")
    Path labels;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "The probe folder to write.")
    Path output;

    @Option(names = "--overwrite", description = "Replace the probe in an existing probe folder.")
    boolean overwrite;

    @Option(
            names = "--folds",
            paramLabel = "K",
            defaultValue = "3",
            description = "Cross-validation folds (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(
            names = "--reg-params",
            paramLabel = "L2,...",
            split = ",",
            defaultValue = "0.0001,0.001,0.01,0.1,1",
            description = "L2 strengths tried (MLlib regParam; default: ${DEFAULT-VALUE}).")
    double[] regParams;

    @Option(
            names = "--max-iter",
            paramLabel = "N",
            defaultValue = "100",
            description = "L-BFGS iterations per fit (default: ${DEFAULT-VALUE}).")
    int maxIter;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "0",
            description = "Seed of the fold assignment (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        checkOptions(cli);
        ProbeTraining.Settings settings = new ProbeTraining.Settings(regParams, folds, maxIter, seed);
        SparkSession spark = sparkOptions.start(cli, "nlvideo train-probe");
        try {
            long t0 = System.nanoTime();
            List<VideoRef> videos = readManifest(cli, spark);
            ProbeTraining.Result result;
            try {
                result = ProbeTraining.fit(spark, features, videos, settings);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cli, "--features/--labels: " + e.getMessage());
            }
            LinearProbe.write(output, result.model(), result.classes(), result.info());
            summary(result, spark, (System.nanoTime() - t0) / 1e9).writeTo(output.resolve("summary.json"));
            print(result);
        } finally {
            spark.stop();
        }
        return 0;
    }

    /** Everything that can be checked before Spark starts, so that a bad call writes nothing. */
    private void checkOptions(CommandLine cli) {
        if (!Files.isDirectory(features)) {
            throw new CommandLine.ParameterException(cli, "--features " + features + " is not a folder");
        }
        if (!Files.isRegularFile(labels)) {
            throw new CommandLine.ParameterException(cli, "--labels " + labels + " is not a file");
        }
        if (folds < 2) {
            throw new CommandLine.ParameterException(cli, "--folds must be at least 2");
        }
        if (regParams.length == 0 || Arrays.stream(regParams).anyMatch(r -> !(r >= 0))) {
            throw new CommandLine.ParameterException(cli, "--reg-params must be numbers >= 0");
        }
        if (maxIter < 1) {
            throw new CommandLine.ParameterException(cli, "--max-iter must be at least 1");
        }
        if (output.toAbsolutePath().normalize().equals(features.toAbsolutePath().normalize())) {
            throw new CommandLine.ParameterException(cli, "--output must not be the --features folder");
        }
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new CommandLine.ParameterException(cli, "--output " + output + " is a file, not a folder");
        }
        if (Files.isDirectory(output) && holdsFiles(output)) {
            if (!overwrite) {
                throw new CommandLine.ParameterException(
                        cli, "--output " + output + " exists; pass --overwrite to replace the probe in it");
            }
            if (!Files.isRegularFile(output.resolve(LinearProbe.INFO))) {
                throw new CommandLine.ParameterException(
                        cli,
                        "--output " + output + " is not a probe folder (no " + LinearProbe.INFO + "): not replaced");
            }
        }
    }

    private static boolean holdsFiles(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private List<VideoRef> readManifest(CommandLine cli, SparkSession spark) {
        try {
            if (VideoExtensions.extension(labels.getFileName().toString()).equals("parquet")) {
                return ParquetManifest.read(spark, labels, null);
            }
            return VideoInputs.read(InputType.MANIFEST, labels, null, null);
        } catch (DatasetException e) {
            throw new CommandLine.ParameterException(cli, "--labels: " + e.getMessage());
        }
    }

    private JobSummary summary(ProbeTraining.Result result, SparkSession spark, double seconds) {
        LinearProbe.Info info = result.info();
        long used =
                result.perClass().values().stream().mapToLong(Long::longValue).sum();
        JobSummary summary = new JobSummary("train-probe")
                .count("videos", used)
                .count("per_class", result.perClass())
                .count("labelled_without_feature", result.labelledWithoutFeature())
                .count("features_without_label", result.featuresWithoutLabel())
                .result("classes", result.classes().size())
                .result("feature_width", info.featureWidth())
                .result("reg_param", info.regParam())
                .result("train_top1", info.trainAccuracy())
                .result("validation_top1", info.validationAccuracy())
                .timing("fit", result.seconds())
                .timing("total", seconds)
                .config("features", features.toAbsolutePath().toString())
                .config("labels", labels.toAbsolutePath().toString())
                .config("backbone_model", info.backboneModel())
                .config("backbone_weights", info.backboneWeights())
                .config("folds", folds)
                .config("reg_params", regParams)
                .config("max_iter", maxIter)
                .config("seed", seed)
                .config("spark_master", spark.sparkContext().master());
        List<Map<String, Double>> table = new ArrayList<>();
        result.crossValidation().forEach((reg, acc) -> {
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("reg_param", reg);
            row.put("validation_top1", acc);
            table.add(row);
        });
        return summary.result("cross_validation", table);
    }

    private void print(ProbeTraining.Result result) {
        LinearProbe.Info info = result.info();
        long used =
                result.perClass().values().stream().mapToLong(Long::longValue).sum();
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "train-probe: %d videos of %d classes, %d-d features; %d-fold cross-validation%n",
                used,
                result.classes().size(),
                info.featureWidth(),
                folds));
        if (result.labelledWithoutFeature() > 0 || result.featuresWithoutLabel() > 0) {
            out.append(String.format(
                    Locale.ROOT,
                    "  left out: %d labelled videos without a feature, %d features without a label%n",
                    result.labelledWithoutFeature(),
                    result.featuresWithoutLabel()));
        }
        out.append("| reg_param | validation top-1 (mean over the folds) |\n|---:|---:|\n");
        result.crossValidation()
                .forEach((reg, acc) -> out.append(String.format(Locale.ROOT, "| %s | %.3f |%n", plain(reg), acc)));
        out.append(String.format(
                Locale.ROOT,
                "reg_param %s: train top-1 %.3f, validation top-1 %.3f; fitted in %.1f s; probe written to %s%n",
                plain(info.regParam()),
                info.trainAccuracy(),
                info.validationAccuracy(),
                result.seconds(),
                output));
        System.out.print(out);
        System.out.flush();
    }

    /** A number as written on the command line: {@code 0.0001}, not {@code 1.0E-4}. */
    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
