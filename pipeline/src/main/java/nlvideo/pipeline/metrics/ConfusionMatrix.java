package nlvideo.pipeline.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Counts of (true class, top-1 predicted class) over the videos that have a prediction. Missing and
 * failed videos have no predicted class and are not in it; the classification report counts them.
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    /** An empty K x K matrix. */
    public ConfusionMatrix(int classes) {
        counts = new long[classes][classes];
    }

    void add(int truth, int predicted) {
        counts[truth][predicted]++;
    }

    /** K. */
    public int classes() {
        return counts.length;
    }

    /** Videos of class {@code truth} whose top-1 class was {@code predicted}. */
    public long count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    /**
     * The square form: one row per true class (first column {@code true}), one column per
     * predicted class, every cell a count (zeros included).
     */
    public Table toSquareTable(IntFunction<String> className) {
        List<String> header = new ArrayList<>();
        header.add("true");
        for (int p = 0; p < counts.length; p++) {
            header.add(className.apply(p));
        }
        Table table = new Table(header);
        for (int t = 0; t < counts.length; t++) {
            Object[] row = new Object[counts.length + 1];
            row[0] = className.apply(t);
            for (int p = 0; p < counts.length; p++) {
                row[p + 1] = counts[t][p];
            }
            table.add(row);
        }
        return table;
    }

    /** Non-zero cells in long form (true, predicted, count), by true then predicted class. */
    public Table toTable(IntFunction<String> className) {
        Table table = new Table("true", "predicted", "count");
        for (int t = 0; t < counts.length; t++) {
            for (int p = 0; p < counts.length; p++) {
                if (counts[t][p] > 0) {
                    table.add(className.apply(t), className.apply(p), counts[t][p]);
                }
            }
        }
        return table;
    }
}
