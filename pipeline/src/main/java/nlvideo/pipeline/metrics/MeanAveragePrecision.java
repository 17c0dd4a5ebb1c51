package nlvideo.pipeline.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Multi-label (Charades) video classification quality: per-class average precision over all
 * annotated videos and its mean, in both published forms (see {@link AveragePrecision}).
 *
 * <ul>
 *   <li>{@link #map()}: PySlowFast's: scikit-learn AP, mean over the classes that have at least one
 *       positive video (classes without one are left out).</li>
 *   <li>{@link #officialMap()}: {@code Charades_v1_classify.m}'s AP, mean over the same classes
 *       (the script itself would give NaN if a class had no positive; on the full test set all 157
 *       have some). {@link #officialWeightedMap()} is its WAP: APs weighted by positive count.</li>
 * </ul>
 * A video with no prediction (missing or failed) scores -infinity for every class, as the official
 * script does for videos absent from a submission: it ranks below all others, so its positives cost
 * precision. Videos with no labels are negatives for every class.
 */
public final class MeanAveragePrecision {
    private final int classes;
    private final int videos;
    private final int predicted;
    private final int missing;
    private final int failed;
    private final int[] positives;
    private final double[] ap;
    private final double[] officialAp;

    private MeanAveragePrecision(
            int classes,
            int videos,
            int predicted,
            int missing,
            int failed,
            int[] positives,
            double[] ap,
            double[] officialAp) {
        this.classes = classes;
        this.videos = videos;
        this.predicted = predicted;
        this.missing = missing;
        this.failed = failed;
        this.positives = positives;
        this.ap = ap;
        this.officialAp = officialAp;
    }

    /**
     * Every class's AP over {@code videos} (missing and failed ones ranked last, as wrong).
     *
     * @param classes K; every label must be in [0, K) and every score vector K long
     * @throws IllegalArgumentException for a label or score vector that does not fit K
     */
    public static MeanAveragePrecision compute(List<VideoPrediction> videos, int classes) {
        int n = videos.size();
        double[][] scores = new double[classes][n];
        boolean[][] truth = new boolean[classes][n];
        int predicted = 0;
        int missing = 0;
        int failed = 0;
        for (int v = 0; v < n; v++) {
            VideoPrediction p = videos.get(v);
            for (int label : p.labels()) {
                if (label < 0 || label >= classes) {
                    throw new IllegalArgumentException(
                            p.videoId() + ": label " + label + " outside 0.." + (classes - 1));
                }
                truth[label][v] = true;
            }
            switch (p.status()) {
                case PREDICTED -> predicted++;
                case MISSING -> missing++;
                case FAILED -> failed++;
            }
            if (p.isPredicted() && p.scores().length != classes) {
                throw new IllegalArgumentException(
                        p.videoId() + ": " + p.scores().length + " scores for " + classes + " classes");
            }
            for (int c = 0; c < classes; c++) {
                scores[c][v] = p.isPredicted() ? p.scores()[c] : Double.NEGATIVE_INFINITY;
            }
        }
        int[] positives = new int[classes];
        double[] ap = new double[classes];
        double[] officialAp = new double[classes];
        for (int c = 0; c < classes; c++) {
            for (boolean t : truth[c]) {
                positives[c] += t ? 1 : 0;
            }
            ap[c] = AveragePrecision.standard(scores[c], truth[c]);
            officialAp[c] = AveragePrecision.charadesOfficial(scores[c], truth[c]);
        }
        return new MeanAveragePrecision(classes, n, predicted, missing, failed, positives, ap, officialAp);
    }

    /** Labeled videos evaluated (predicted + missing + failed). */
    public int videos() {
        return videos;
    }

    /** Videos with scores. */
    public int predicted() {
        return predicted;
    }

    /** Videos whose file was not found. */
    public int missing() {
        return missing;
    }

    /** Videos that could not be classified. */
    public int failed() {
        return failed;
    }

    /** Classes with at least one positive video: the ones the means are over. */
    public int classesEvaluated() {
        int n = 0;
        for (int p : positives) {
            n += p > 0 ? 1 : 0;
        }
        return n;
    }

    /** Videos of class {@code c}. */
    public int positives(int c) {
        return positives[c];
    }

    /** scikit-learn AP of class {@code c}; NaN when it has no positive. */
    public double ap(int c) {
        return ap[c];
    }

    /** {@code Charades_v1_classify.m} AP of class {@code c}; NaN when it has no positive. */
    public double officialAp(int c) {
        return officialAp[c];
    }

    /** PySlowFast's mAP. */
    public double map() {
        return meanOverEvaluated(ap, false);
    }

    /** Charades_v1_classify.m's mAP. */
    public double officialMap() {
        return meanOverEvaluated(officialAp, false);
    }

    /** Charades_v1_classify.m's WAP: class APs weighted by their number of positives. */
    public double officialWeightedMap() {
        return meanOverEvaluated(officialAp, true);
    }

    private double meanOverEvaluated(double[] values, boolean weighted) {
        double sum = 0;
        double weight = 0;
        for (int c = 0; c < classes; c++) {
            if (positives[c] > 0) {
                double w = weighted ? positives[c] : 1;
                sum += w * values[c];
                weight += w;
            }
        }
        return weight == 0 ? Double.NaN : sum / weight;
    }

    /**
     * The headline metrics by key, in table order: counts (videos, predicted, missing, failed,
     * classes_evaluated) and the three means in [0, 1] ({@code mAP}: PySlowFast's;
     * {@code mAP_official} and {@code WAP_official}: Charades_v1_classify.m's). The same keys name
     * the rows of {@link #summaryTable()} and the results in a job's {@code summary.json}.
     */
    public Map<String, Number> summary() {
        Map<String, Number> m = new LinkedHashMap<>();
        m.put("videos", videos);
        m.put("predicted", predicted);
        m.put("missing", missing);
        m.put("failed", failed);
        m.put("classes_evaluated", classesEvaluated());
        m.put("mAP", map());
        m.put("mAP_official", officialMap());
        m.put("WAP_official", officialWeightedMap());
        return m;
    }

    /** {@link #summary()} as a {@code metric,value} table. */
    public Table summaryTable() {
        return Table.ofMetrics(summary());
    }

    /** One row per class: name, positives, AP, official AP. */
    public Table perClassTable(IntFunction<String> className) {
        Table table = new Table("class", "positives", "ap", "ap_official");
        for (int c = 0; c < classes; c++) {
            table.add(className.apply(c), positives[c], ap[c], officialAp[c]);
        }
        return table;
    }
}
