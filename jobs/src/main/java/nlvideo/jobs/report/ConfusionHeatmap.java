package nlvideo.jobs.report;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import nlvideo.pipeline.metrics.ConfusionMatrix;

/**
 * The confusion matrix as a heatmap in SVG: rows are true classes, columns predicted ones, each
 * cell shaded by its share of the row (the true class's videos), with the count written in it
 * when it fits and in its tooltip. With hundreds of classes, only those most involved in
 * confusions are shown.
 *
 * <p>Plain SVG written here rather than a JFreeChart plot: a grid of rectangles with a tooltip
 * per cell and class names on both axes, which JFreeChart's heat-map renderer does not label.
 */
public final class ConfusionHeatmap {

    private ConfusionHeatmap() {}

    /**
     * The classes to show, in class order: all of them when there are at most {@code max}, else
     * the {@code max} with the most confused videos (off-diagonal counts of their row and column).
     */
    public static int[] shownClasses(ConfusionMatrix m, int max) {
        int n = m.classes();
        if (n <= max) {
            return IntStream.range(0, n).toArray();
        }
        long[] involved = new long[n];
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                if (t != p) {
                    involved[t] += m.count(t, p);
                    involved[p] += m.count(t, p);
                }
            }
        }
        return IntStream.range(0, n)
                .boxed()
                .sorted(Comparator.<Integer>comparingLong(c -> -involved[c]).thenComparingInt(c -> c))
                .limit(max)
                .mapToInt(Integer::intValue)
                .sorted()
                .toArray();
    }

    /** The heatmap of the given classes, as an {@code <svg>} element. */
    public static String svg(ConfusionMatrix m, IntFunction<String> names, int[] classes) {
        int n = classes.length;
        int cell = Math.max(10, Math.min(34, 640 / Math.max(1, n)));
        int longest =
                Arrays.stream(classes).map(c -> names.apply(c).length()).max().orElse(4);
        int left = Math.min(230, 12 + (int) (longest * 6.6));
        int top = Math.min(170, 12 + (int) (longest * 4.9)) + 16;
        int width = left + n * cell + 20;
        int height = top + n * cell + 10;
        StringBuilder sb = new StringBuilder();
        sb.append(HtmlReport.svgStart("confusion", width, height));
        sb.append(String.format(
                Locale.ROOT, "<text x=\"%d\" y=\"12\" font-size=\"12\" fill=\"#444\">predicted &#8594;</text>", left));
        for (int j = 0; j < n; j++) {
            double x = left + j * cell + cell / 2.0;
            sb.append(String.format(
                    Locale.ROOT,
                    "<text transform=\"translate(%.1f,%d) rotate(-55)\" fill=\"#333\">%s</text>",
                    x + 3,
                    top - 4,
                    HtmlReport.escape(names.apply(classes[j]))));
        }
        for (int i = 0; i < n; i++) {
            int t = classes[i];
            long rowTotal = 0;
            for (int p = 0; p < m.classes(); p++) {
                rowTotal += m.count(t, p);
            }
            double y = top + i * cell;
            sb.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#333\">%s</text>",
                    left - 4,
                    y + cell / 2.0 + 4,
                    HtmlReport.escape(names.apply(t))));
            for (int j = 0; j < n; j++) {
                int p = classes[j];
                long count = m.count(t, p);
                double share = rowTotal == 0 ? 0 : (double) count / rowTotal;
                sb.append(String.format(
                        Locale.ROOT,
                        "<rect x=\"%d\" y=\"%.0f\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#fff\">"
                                + "<title>%s as %s: %d of %d (%.1f%%)</title></rect>",
                        left + j * cell,
                        y,
                        cell,
                        cell,
                        shade(share, t == p),
                        HtmlReport.escape(names.apply(t)),
                        HtmlReport.escape(names.apply(p)),
                        count,
                        rowTotal,
                        100 * share));
                if (count > 0 && cell >= 18) {
                    sb.append(String.format(
                            Locale.ROOT,
                            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\" pointer-events=\"none\">%d</text>",
                            left + j * cell + cell / 2.0,
                            y + cell / 2.0 + 4,
                            share > 0.55 ? "#fff" : "#222",
                            count));
                }
            }
        }
        return sb.append("</svg>").toString();
    }

    /** White to blue on the diagonal, white to red off it, by the share of the row. */
    static String shade(double share, boolean diagonal) {
        double s = Math.max(0, Math.min(1, share));
        int[] to = diagonal ? new int[] {0x2F, 0x5F, 0x9A} : new int[] {0xC0, 0x39, 0x2B};
        int r = (int) Math.round(255 + (to[0] - 255) * s);
        int g = (int) Math.round(255 + (to[1] - 255) * s);
        int b = (int) Math.round(255 + (to[2] - 255) * s);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }
}
