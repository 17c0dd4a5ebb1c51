package nlvideo.pipeline.metrics;

import java.util.TreeSet;

/** Average precision computed straight from its definitions, quadratically, for checking. */
final class BruteForceAp {
    private BruteForceAp() {}

    /** Sum over distinct thresholds t (high to low) of (R(t) - R(previous t)) * P(t), P/R of "score >= t". */
    static double sklearn(double[] s, boolean[] y) {
        int pos = 0;
        for (boolean b : y) {
            pos += b ? 1 : 0;
        }
        if (pos == 0) {
            return Double.NaN;
        }
        TreeSet<Double> thresholds = new TreeSet<>();
        for (double v : s) {
            thresholds.add(v);
        }
        double ap = 0;
        double prevRecall = 0;
        for (double t : thresholds.descendingSet()) {
            int tp = 0;
            int predicted = 0;
            for (int i = 0; i < s.length; i++) {
                if (s[i] >= t) {
                    predicted++;
                    tp += y[i] ? 1 : 0;
                }
            }
            double recall = (double) tp / pos;
            ap += (recall - prevRecall) * tp / predicted;
            prevRecall = recall;
        }
        return ap;
    }

    /** Mean over positives of precision at the positive's rank, ties ranked in input order. */
    static double matlab(double[] s, boolean[] y) {
        int pos = 0;
        double sum = 0;
        for (int i = 0; i < s.length; i++) {
            if (!y[i]) {
                continue;
            }
            pos++;
            int rank = 0;
            int tp = 0;
            for (int j = 0; j < s.length; j++) {
                boolean before = s[j] > s[i] || (s[j] == s[i] && j <= i);
                if (before) {
                    rank++;
                    tp += y[j] ? 1 : 0;
                }
            }
            sum += (double) tp / rank;
        }
        return pos == 0 ? Double.NaN : sum / pos;
    }
}
