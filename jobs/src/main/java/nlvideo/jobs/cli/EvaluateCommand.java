package nlvideo.jobs.cli;

import java.util.ArrayList;
import java.util.List;
import nlvideo.jobs.classify.VideoOutcome;
import nlvideo.jobs.output.MetricTables;
import nlvideo.jobs.report.EvaluationSection;
import nlvideo.pipeline.dataset.LabelList;
import nlvideo.pipeline.dataset.VideoRef;
import nlvideo.pipeline.metrics.AccuracyReport;
import nlvideo.pipeline.metrics.MeanAveragePrecision;
import nlvideo.pipeline.metrics.VideoPrediction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nlvideo evaluate}: classify annotated videos and score the predictions. Missing and
 * failed videos count as wrong and are counted apart, as the paper's evaluation does.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Classify annotated videos (Kinetics CSV, Charades CSV, or a labelled"
                    + " manifest) and score the predictions: Kinetics top-1 and top-5 over all annotated"
                    + " videos (missing and failed count as wrong, and are counted apart), per-class and"
                    + " mean class accuracy, clip accuracy, confusion matrix; or Charades mAP, in"
                    + " PySlowFast's form beside the official Charades_v1_classify.m variant.",
            "Tables: metrics/*.md and *.csv (confusion also square: confusion_matrix), predictions,"
                    + " errors; summary.json, report.html. The metric tables are also printed as Markdown."
        })
public final class EvaluateCommand extends ClassificationCommand {

    @Option(
            names = "--metric",
            paramLabel = "NAME",
            defaultValue = "auto",
            description = "accuracy (single-label), map (multi-label), or auto: map for Charades and"
                    + " multi-label inputs, else accuracy (default: ${DEFAULT-VALUE}).")
    String metric;

    @Override
    String name() {
        return "evaluate";
    }

    @Override
    boolean needsFeatures() {
        return false;
    }

    @Override
    boolean needsLabels() {
        return true;
    }

    @Override
    void checkOptions(CommandLine cli) {
        usesMap(false); // an unknown --metric is refused before anything starts
    }

    /** The metric asked for, checked before the job runs: accuracy on multi-label inputs is a usage error. */
    @Override
    void checkInputs(CommandLine cli, List<VideoRef> refs) {
        boolean multiLabel = refs.stream().anyMatch(r -> r.labels().size() > 1);
        if (!usesMap(multiLabel) && multiLabel) {
            VideoRef several =
                    refs.stream().filter(r -> r.labels().size() > 1).findFirst().orElseThrow();
            throw new CommandLine.ParameterException(
                    cli,
                    "--metric accuracy needs one label per video, but " + several.videoId() + " has "
                            + several.labels().size() + ": use --metric map");
        }
    }

    private boolean usesMap(boolean multiLabel) {
        return switch (metric.toLowerCase(java.util.Locale.ROOT)) {
            case "map" -> true;
            case "accuracy" -> false;
            case "auto" -> multiLabel || "charades".equalsIgnoreCase(inputs.inputType);
            default ->
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--metric must be accuracy, map or auto, not " + metric);
        };
    }

    @Override
    void writeTables(Run run) {
        List<VideoOutcome> videos = run.result().videos();
        LabelList labels = run.labels();
        List<VideoPrediction> predictions = new ArrayList<>(videos.size());
        boolean multiLabel = false;
        for (VideoOutcome v : videos) {
            int[] truth = VideoPrediction.classIndices(v.ref().labels(), labels);
            multiLabel |= truth.length > 1;
            if (v.isPredicted()) {
                predictions.add(VideoPrediction.predicted(v.ref().videoId(), truth, v.scores(), v.viewTop1()));
            } else if (v.isMissing()) {
                predictions.add(VideoPrediction.missing(v.ref().videoId(), truth));
            } else {
                predictions.add(VideoPrediction.failed(v.ref().videoId(), truth));
            }
        }
        boolean map = usesMap(multiLabel);
        MetricTables tables = new MetricTables();
        if (map) {
            MeanAveragePrecision m = MeanAveragePrecision.compute(predictions, labels.size());
            tables.add("summary", m.summaryTable()).add("per_class", m.perClassTable(labels::name));
            m.summary().forEach(run.summary()::result);
            EvaluationSection.meanAveragePrecision(run.report(), m, labels);
        } else {
            AccuracyReport a;
            try {
                a = AccuracyReport.compute(predictions, labels.size());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--metric accuracy: " + e.getMessage());
            }
            tables.add("summary", a.summaryTable())
                    .add("per_class", a.perClassTable(labels::name))
                    .add("confusion", a.confusion().toTable(labels::name))
                    .add("confusion_matrix", a.confusion().toSquareTable(labels::name));
            a.summary().forEach(run.summary()::result);
            EvaluationSection.accuracy(run.report(), a, predictions, labels);
        }
        run.out().write("predictions", run.tables().predictions(videos, false));
        if (!run.out().toTerminal()) {
            tables.writeTo(run.out().dir());
        }
        tables.print(System.out, "summary", "per_class");
    }
}
