package nlvideo.pipeline.metrics;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Average precision of one class's scores over a set of videos, in the two forms Charades results
 * are published with. Both are the non-interpolated area under the precision-recall curve; they
 * differ only where scores tie.
 *
 * <ul>
 *   <li>{@link #standard}: scikit-learn's {@code average_precision_score}, which PySlowFast's
 *       {@code get_map} uses: sum over distinct score thresholds, high to low, of
 *       (recall gain) x (precision at that threshold). Tied videos enter together.</li>
 *   <li>{@link #charadesOfficial}: {@code THUMOSeventclspr} in the dataset's
 *       {@code Charades_v1_classify.m}: videos ranked by a stable descending sort (ties keep input
 *       order), AP = mean over positives of the precision at each positive's rank.</li>
 * </ul>
 * Neither is defined for a class without positives (NaN here).
 */
public final class AveragePrecision {
    private AveragePrecision() {}

    /**
     * scikit-learn's average precision, in [0, 1]; NaN without positives.
     *
     * @param scores one score per video
     * @param positive whether each video belongs to the class
     * @throws IllegalArgumentException when the arrays differ in length
     */
    public static double standard(double[] scores, boolean[] positive) {
        check(scores, positive);
        Integer[] order = descending(scores);
        int positives = count(positive);
        if (positives == 0) {
            return Double.NaN;
        }
        double ap = 0;
        double previousRecall = 0;
        int tp = 0;
        int seen = 0;
        for (int i = 0; i < order.length; i++) {
            seen++;
            if (positive[order[i]]) {
                tp++;
            }
            boolean lastOfThreshold =
                    i + 1 == order.length || Double.compare(scores[order[i + 1]], scores[order[i]]) != 0;
            if (lastOfThreshold) {
                double recall = (double) tp / positives;
                ap += (recall - previousRecall) * tp / seen;
                previousRecall = recall;
            }
        }
        return ap;
    }

    /**
     * {@code Charades_v1_classify.m}'s average precision, in [0, 1]; NaN without positives.
     *
     * @throws IllegalArgumentException when the arrays differ in length
     */
    public static double charadesOfficial(double[] scores, boolean[] positive) {
        check(scores, positive);
        Integer[] order = descending(scores);
        int positives = count(positive);
        if (positives == 0) {
            return Double.NaN;
        }
        double sum = 0;
        int tp = 0;
        for (int i = 0; i < order.length; i++) {
            if (positive[order[i]]) {
                tp++;
                sum += (double) tp / (i + 1);
            }
        }
        return sum / positives;
    }

    /** Indices by descending score; a stable sort, so ties keep input order. NaN ranks last. */
    private static Integer[] descending(double[] scores) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order,
                Comparator.comparingDouble(
                        (Integer i) -> Double.isNaN(scores[i]) ? Double.POSITIVE_INFINITY : -scores[i]));
        return order;
    }

    private static int count(boolean[] positive) {
        int n = 0;
        for (boolean p : positive) {
            if (p) {
                n++;
            }
        }
        return n;
    }

    private static void check(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + positive.length + " labels");
        }
    }
}
