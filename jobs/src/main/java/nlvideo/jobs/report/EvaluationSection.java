package nlvideo.jobs.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import nlvideo.pipeline.aggregate.TopK;
import nlvideo.pipeline.dataset.LabelList;
import nlvideo.pipeline.metrics.AccuracyReport;
import nlvideo.pipeline.metrics.ConfusionMatrix;
import nlvideo.pipeline.metrics.MeanAveragePrecision;
import nlvideo.pipeline.metrics.VideoPrediction;

/**
 * What {@code evaluate} reports: the summary metrics (the keys of {@code summary.json} and
 * {@code metrics/summary.csv}), and for single-label sets the confusion heatmap, per-class
 * accuracy sorted, the five most frequent confusions and the top-1 score histogram of correct
 * and wrong predictions; for multi-label sets (Charades) the per-class AP sorted.
 */
public final class EvaluationSection {

    /** Classes in the heatmap, at most (the most confused). */
    static final int HEATMAP_CLASSES = 20;

    /** Bars in a per-class chart, at most: the best and the worst half of this each. */
    static final int MAX_BARS = 60;

    private EvaluationSection() {}

    /** Single-label evaluation. */
    public static void accuracy(
            HtmlReport report, AccuracyReport a, List<VideoPrediction> predictions, LabelList labels) {
        report.section("Evaluation");
        report.table(a.summaryTable());
        ConfusionMatrix m = a.confusion();
        int[] shown = ConfusionHeatmap.shownClasses(m, HEATMAP_CLASSES);
        report.subsection("Confusion matrix");
        report.figure(
                ConfusionHeatmap.svg(m, labels::name, shown),
                "Rows: true class; columns: predicted (top-1); shade: share of the true class's predicted videos"
                        + " (blue on the diagonal, red off it)"
                        + (shown.length < m.classes()
                                ? "; the " + shown.length + " of " + m.classes()
                                        + " classes most involved in confusions."
                                : "."));
        report.subsection("Per-class accuracy");
        int[] withVideos = IntStream.range(0, labels.size())
                .filter(c -> a.classVideos(c) > 0)
                .toArray();
        sortedBars(report, withVideos, a::classAccuracy, labels, "top-1 accuracy", "videos of the class");
        report.subsection("Most frequent confusions");
        List<List<Object>> confusions = topConfusions(m, labels, 5);
        if (confusions.isEmpty()) {
            report.paragraph("No predicted video has a wrong top-1 label.");
        } else {
            report.table(List.of("true", "predicted", "videos", "share of true class"), confusions);
        }
        report.subsection("Top-1 score: correct vs wrong");
        List<Double> correct = new ArrayList<>();
        List<Double> wrong = new ArrayList<>();
        for (VideoPrediction p : predictions) {
            if (p.isPredicted() && p.labels().length == 1) {
                int top = TopK.argmax(p.scores());
                (top == p.labels()[0] ? correct : wrong).add((double) p.scores()[top]);
            }
        }
        double min = 0; // probabilities; logits (--aggregate mean-logits) may leave [0, 1]
        double max = 1;
        for (List<Double> l : List.of(correct, wrong)) {
            for (double v : l) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        report.figure(
                Charts.histogram(
                        "top-1 score",
                        "correct",
                        correct.stream().mapToDouble(Double::doubleValue).toArray(),
                        "wrong",
                        wrong.stream().mapToDouble(Double::doubleValue).toArray(),
                        min,
                        max,
                        20,
                        760,
                        300),
                "How sure the model was of its top-1 label, for predicted videos it got right and wrong.");
    }

    /** Multi-label (Charades) evaluation. */
    public static void meanAveragePrecision(HtmlReport report, MeanAveragePrecision m, LabelList labels) {
        report.section("Evaluation");
        report.table(m.summaryTable());
        report.subsection("Per-class AP");
        int[] evaluated = IntStream.range(0, labels.size())
                .filter(c -> m.positives(c) > 0)
                .toArray();
        sortedBars(report, evaluated, m::ap, labels, "AP (scikit-learn form)", "positive videos");
    }

    /** The {@code n} largest off-diagonal cells: true, predicted, count, share of the true class. */
    static List<List<Object>> topConfusions(ConfusionMatrix m, LabelList labels, int n) {
        List<long[]> cells = new ArrayList<>();
        for (int t = 0; t < m.classes(); t++) {
            for (int p = 0; p < m.classes(); p++) {
                if (t != p && m.count(t, p) > 0) {
                    cells.add(new long[] {t, p, m.count(t, p)});
                }
            }
        }
        cells.sort(Comparator.<long[]>comparingLong(c -> -c[2])
                .thenComparingLong(c -> c[0])
                .thenComparingLong(c -> c[1]));
        List<List<Object>> rows = new ArrayList<>();
        for (long[] c : cells.subList(0, Math.min(n, cells.size()))) {
            long row = 0;
            for (int p = 0; p < m.classes(); p++) {
                row += m.count((int) c[0], p);
            }
            rows.add(List.of(labels.name((int) c[0]), labels.name((int) c[1]), c[2], (double) c[2] / row));
        }
        return rows;
    }

    private static void sortedBars(
            HtmlReport report,
            int[] classes,
            java.util.function.IntToDoubleFunction value,
            LabelList labels,
            String axis,
            String what) {
        if (classes.length == 0) {
            report.note("No class has " + what + ".");
            return;
        }
        List<Integer> order = IntStream.of(classes)
                .boxed()
                .sorted(Comparator.<Integer>comparingDouble(c -> -value.applyAsDouble(c))
                        .thenComparingInt(c -> c))
                .toList();
        List<Integer> shown = order;
        String note = "";
        if (order.size() > MAX_BARS) {
            shown = new ArrayList<>(order.subList(0, MAX_BARS / 2));
            shown.addAll(order.subList(order.size() - MAX_BARS / 2, order.size()));
            note = " Shown: the best " + MAX_BARS / 2 + " and the worst " + MAX_BARS / 2 + " of " + order.size()
                    + " classes; metrics/per_class.csv has all.";
        }
        List<String> names = shown.stream().map(labels::name).toList();
        double[] values = shown.stream().mapToDouble(value::applyAsDouble).toArray();
        report.figure(Charts.bars(names, values, axis, 1.0, 760), "Classes with " + what + ", best first." + note);
    }
}
