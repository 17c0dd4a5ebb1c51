package nlvideo.jobs.report;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.IntFunction;
import nlvideo.jobs.timeline.Segment;
import nlvideo.jobs.timeline.VideoTimeline;
import nlvideo.pipeline.aggregate.TopK;

/**
 * Timelines as SVG strips, time across on one scale for all videos: per video, a row of steps
 * coloured by their top-1 label (more opaque the higher its probability) and a row of the
 * segments with their labels, each shape with a tooltip giving times, label and score; a legend
 * of the labels that appear.
 *
 * <p>Plain SVG written here: rectangles with per-step tooltips on a shared time scale, which no
 * JFreeChart plot draws as such.
 */
public final class TimelineStrips {

    /** A categorical palette (Tableau 10), then golden-angle hues for more labels. */
    private static final String[] PALETTE = {
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"
    };

    private static final int LEFT = 170;
    private static final int WIDTH = 1040;
    private static final int ROW = 18;

    private TimelineStrips() {}

    /** The colour of class {@code c}: fixed per class, so one label has one colour everywhere. */
    public static String colour(int c) {
        if (c < PALETTE.length) {
            return PALETTE[c];
        }
        double hue = (c * 137.508) % 360;
        return String.format(Locale.ROOT, "hsl(%.0f,55%%,55%%)", hue);
    }

    /** The strips of the given videos, as an {@code <svg>} element. */
    public static String svg(List<VideoTimeline> videos, IntFunction<String> names) {
        double longest = 0;
        TreeSet<Integer> used = new TreeSet<>();
        for (VideoTimeline v : videos) {
            longest = Math.max(longest, v.duration());
            for (float[] p : v.probabilities()) {
                used.add(TopK.argmax(p));
            }
        }
        longest = Math.max(longest, 1e-3);
        double scale = (WIDTH - LEFT - 20) / longest;
        int legendRows = (used.size() + 3) / 4;
        int height = 30 + videos.size() * (2 * ROW + 14) + 24 + legendRows * 18 + 10;
        StringBuilder sb = new StringBuilder();
        sb.append(HtmlReport.svgStart("timeline", WIDTH, height));
        double tick = niceTick(longest);
        for (double t = 0; t <= longest + 1e-9; t += tick) {
            double x = LEFT + t * scale;
            sb.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"18\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e5e5e5\"/>"
                            + "<text x=\"%.1f\" y=\"13\" text-anchor=\"middle\" fill=\"#555\">%s s</text>",
                    x,
                    x,
                    height - legendRows * 18 - 30,
                    x,
                    formatSeconds(t)));
        }
        int y = 24;
        for (VideoTimeline v : videos) {
            sb.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#222\">%s</text>"
                            + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#888\" font-size=\"10\">segments</text>",
                    LEFT - 6,
                    y + 13,
                    HtmlReport.escape(shorten(v.videoId(), 26)),
                    LEFT - 6,
                    y + ROW + 13));
            for (int k = 0; k < v.steps(); k++) {
                float[] p = v.probabilities()[k];
                int c = TopK.argmax(p);
                sb.append(String.format(
                        Locale.ROOT,
                        "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\" fill-opacity=\"%.2f\">"
                                + "<title>%s-%s s: %s %.3f</title></rect>",
                        LEFT + v.starts()[k] * scale,
                        y,
                        Math.max(0.5, (v.ends()[k] - v.starts()[k]) * scale),
                        ROW - 2,
                        colour(c),
                        0.25 + 0.75 * p[c],
                        formatSeconds(v.starts()[k]),
                        formatSeconds(v.ends()[k]),
                        HtmlReport.escape(names.apply(c)),
                        p[c]));
            }
            for (Segment s : v.segments()) {
                double x = LEFT + s.start() * scale;
                double w = Math.max(0.5, (s.end() - s.start()) * scale);
                String label = names.apply(s.label());
                sb.append(String.format(
                        Locale.ROOT,
                        "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\" stroke=\"#fff\">"
                                + "<title>%s-%s s: %s, mean %.3f</title></rect>",
                        x,
                        y + ROW,
                        w,
                        ROW - 2,
                        colour(s.label()),
                        formatSeconds(s.start()),
                        formatSeconds(s.end()),
                        HtmlReport.escape(label),
                        s.meanScore()));
                if (w > label.length() * 6.2 + 6) {
                    sb.append(String.format(
                            Locale.ROOT,
                            "<text x=\"%.1f\" y=\"%d\" fill=\"#fff\" pointer-events=\"none\">%s</text>",
                            x + 4,
                            y + ROW + 12,
                            HtmlReport.escape(label)));
                }
            }
            y += 2 * ROW + 14;
        }
        y += 10;
        int i = 0;
        for (int c : used) {
            int x = LEFT + (i % 4) * 215;
            int ly = y + (i / 4) * 18;
            sb.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                            + "<text x=\"%d\" y=\"%d\" fill=\"#333\">%s</text>",
                    x,
                    ly,
                    colour(c),
                    x + 17,
                    ly + 10,
                    HtmlReport.escape(names.apply(c))));
            i++;
        }
        return sb.append("</svg>").toString();
    }

    /** A tick spacing of 1, 2 or 5 x 10^n seconds giving about 10 ticks. */
    static double niceTick(double span) {
        double raw = span / 10;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / p;
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
    }

    private static String formatSeconds(double s) {
        String text = String.format(Locale.ROOT, "%.2f", s);
        return text.replaceAll("\\.?0+$", "");
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }
}
