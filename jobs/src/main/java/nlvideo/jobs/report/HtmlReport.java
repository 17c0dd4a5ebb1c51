package nlvideo.jobs.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nlvideo.pipeline.metrics.Table;

/**
 * A job's {@code report.html}: one self-contained page (inline CSS and SVG, no script, nothing
 * loaded from anywhere) that any browser opens from disk. Sections are added in reading order;
 * every text is HTML-escaped, figures are SVG elements made by {@link Charts},
 * {@link ConfusionHeatmap} or {@link TimelineStrips}.
 */
public final class HtmlReport {

    private static final String STYLE = """
            body{font-family:"DejaVu Sans",Verdana,sans-serif;margin:24px auto;max-width:1100px;color:#222;\
            padding:0 16px}
            h1{font-size:22px;margin-bottom:4px}h2{font-size:18px;border-bottom:1px solid #ccc;\
            padding-bottom:4px;margin-top:32px}h3{font-size:15px;margin:18px 0 6px}
            p{line-height:1.4}.note{color:#666;font-size:13px}
            table{border-collapse:collapse;font-size:13px;margin:8px 0}
            th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
            th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
            figure{margin:12px 0}figcaption{color:#555;font-size:13px;margin-top:4px}
            svg{max-width:100%;height:auto}
            """;

    private final String title;
    private final List<String> parts = new ArrayList<>();

    /** @param title the page title and first heading */
    public HtmlReport(String title) {
        this.title = title;
    }

    /** Starts a section with a heading. */
    public HtmlReport section(String heading) {
        parts.add("<h2>" + escape(heading) + "</h2>");
        return this;
    }

    /** A sub-heading inside a section. */
    public HtmlReport subsection(String heading) {
        parts.add("<h3>" + escape(heading) + "</h3>");
        return this;
    }

    public HtmlReport paragraph(String text) {
        parts.add("<p>" + escape(text) + "</p>");
        return this;
    }

    /** A paragraph in small grey type, for what a figure leaves out or how it was made. */
    public HtmlReport note(String text) {
        parts.add("<p class=\"note\">" + escape(text) + "</p>");
        return this;
    }

    /** A table of cells; numbers are right-aligned and formatted as {@link Table#format} does. */
    public HtmlReport table(List<String> header, List<? extends List<?>> rows) {
        StringBuilder sb = new StringBuilder("<table><thead><tr>");
        for (String h : header) {
            sb.append("<th>").append(escape(h)).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        for (List<?> row : rows) {
            sb.append("<tr>");
            for (Object cell : row) {
                boolean number = cell instanceof Number;
                sb.append(number ? "<td class=\"num\">" : "<td>")
                        .append(escape(Table.format(cell)))
                        .append("</td>");
            }
            sb.append("</tr>");
        }
        parts.add(sb.append("</tbody></table>").toString());
        return this;
    }

    /** A metrics table, as written under {@code metrics/}. */
    public HtmlReport table(Table table) {
        return table(table.header(), table.rows());
    }

    /**
     * A figure: an SVG element and its caption.
     *
     * @param svg a complete {@code <svg>} element
     */
    public HtmlReport figure(String svg, String caption) {
        parts.add("<figure>" + svg + "<figcaption>" + escape(caption) + "</figcaption></figure>");
        return this;
    }

    /** The whole page. */
    public String html() {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.append("<title>").append(escape(title)).append("</title><style>");
        sb.append(STYLE)
                .append("</style></head><body>\n<h1>")
                .append(escape(title))
                .append("</h1>\n");
        for (String p : parts) {
            sb.append(p).append('\n');
        }
        return sb.append("</body></html>\n").toString();
    }

    /**
     * Writes the page to {@code file} (UTF-8).
     *
     * @throws UncheckedIOException when it cannot be written
     */
    public void writeTo(Path file) {
        try {
            Files.writeString(file, html(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The opening tag of an inline SVG figure drawn by the report itself: its size in pixels, a
     * class that names it, sans-serif 11 px text.
     */
    static String svgStart(String cssClass, int width, int height) {
        return String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"%s\" width=\"%d\" height=\"%d\""
                        + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">",
                cssClass,
                width,
                height,
                width,
                height);
    }

    /** Text made safe for HTML content and attribute values. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
