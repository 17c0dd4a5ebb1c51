package nlvideo.pipeline.aggregate;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The k best classes of a score vector, best first. Ties go to the lower class index so results
 * are reproducible; NaN ranks below every number.
 */
public final class TopK {
    private TopK() {}

    /**
     * The indices of the {@code min(k, K)} best scores, best first.
     *
     * @throws IllegalArgumentException when k is below 1
     */
    public static int[] indices(float[] scores, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Comparator<Integer> best = (a, b) -> {
            float x = scores[a];
            float y = scores[b];
            boolean xn = Float.isNaN(x);
            boolean yn = Float.isNaN(y);
            if (xn || yn) {
                return xn == yn ? Integer.compare(a, b) : (xn ? 1 : -1);
            }
            int c = Float.compare(y, x);
            return c != 0 ? c : Integer.compare(a, b);
        };
        Arrays.sort(order, best);
        int n = Math.min(k, scores.length);
        int[] top = new int[n];
        for (int i = 0; i < n; i++) {
            top[i] = order[i];
        }
        return top;
    }

    /** The index of the highest score (ties: lowest index). */
    public static int argmax(float[] scores) {
        return indices(scores, 1)[0];
    }

    /** Whether {@code label} is among the k best. */
    public static boolean contains(float[] scores, int k, int label) {
        for (int i : indices(scores, k)) {
            if (i == label) {
                return true;
            }
        }
        return false;
    }
}
