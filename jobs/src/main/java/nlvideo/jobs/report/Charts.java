package nlvideo.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;
import org.jfree.svg.SVGGraphics2D;

/**
 * The report's bar charts and histograms, drawn by JFreeChart into SVG by JFreeSVG (vector
 * graphics inline in the page, text rendered by the browser). Each SVG gets its own prefix for
 * the ids of its clip paths, so that many charts can share one page.
 */
public final class Charts {

    /** The bar colour (a muted blue), and the histogram's two series colours. */
    static final Color BAR = new Color(0x4C78A8);

    static final Color CORRECT = new Color(76, 120, 168, 170);
    static final Color WRONG = new Color(228, 87, 86, 170);

    private static final AtomicInteger IDS = new AtomicInteger();

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // charts are drawn off screen
        }
    }

    private Charts() {}

    /**
     * Horizontal bars, one per name, in the order given, 16 pixels each.
     *
     * @param valueLabel the value axis's label
     * @param upper the value axis's upper end, or NaN to fit the data
     * @return an {@code <svg>} element {@code width} pixels wide
     */
    public static String bars(List<String> names, double[] values, String valueLabel, double upper, int width) {
        return bars(names, values, valueLabel, upper, width, false);
    }

    /** As {@link #bars(List, double[], String, double, int)}, with whole-number ticks for counts. */
    public static String counts(List<String> names, double[] values, String valueLabel, int width) {
        return bars(names, values, valueLabel, Double.NaN, width, true);
    }

    private static String bars(
            List<String> names, double[] values, String valueLabel, double upper, int width, boolean integers) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int i = 0; i < names.size(); i++) {
            data.addValue(Double.isNaN(values[i]) ? 0 : values[i], valueLabel, names.get(i));
        }
        JFreeChart chart = ChartFactory.createBarChart(
                null, null, valueLabel, data, PlotOrientation.HORIZONTAL, false, false, false);
        style(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, BAR);
        renderer.setMaximumBarWidth(0.8);
        renderer.setItemMargin(0);
        CategoryAxis categories = plot.getDomainAxis();
        categories.setCategoryMargin(0.2);
        categories.setMaximumCategoryLabelWidthRatio(0.5f);
        categories.setTickLabelFont(new Font("SansSerif", Font.PLAIN, 11));
        NumberAxis axis = (NumberAxis) plot.getRangeAxis();
        if (!Double.isNaN(upper)) {
            axis.setRange(0, upper);
        }
        if (integers) {
            axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        return svg(chart, width, 50 + 16 * Math.max(1, names.size()));
    }

    /**
     * Overlaid histograms of two sets of values over [min, max] in {@code bins} bins (counts).
     *
     * @return an {@code <svg>} element
     */
    public static String histogram(
            String valueLabel,
            String firstName,
            double[] first,
            String secondName,
            double[] second,
            double min,
            double max,
            int bins,
            int width,
            int height) {
        HistogramDataset data = new HistogramDataset();
        data.setType(HistogramType.FREQUENCY);
        if (first.length > 0) {
            data.addSeries(firstName + " (" + first.length + ")", first, bins, min, max);
        }
        if (second.length > 0) {
            data.addSeries(secondName + " (" + second.length + ")", second, bins, min, max);
        }
        JFreeChart chart = ChartFactory.createHistogram(
                null, valueLabel, "videos", data, PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        XYPlot plot = chart.getXYPlot();
        XYBarRenderer renderer = (XYBarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(true);
        renderer.setDefaultOutlineStroke(new BasicStroke(0.5f));
        int series = 0;
        if (first.length > 0) {
            renderer.setSeriesPaint(series++, CORRECT);
        }
        if (second.length > 0) {
            renderer.setSeriesPaint(series, WRONG);
        }
        plot.getDomainAxis().setRange(min, max);
        ((NumberAxis) plot.getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return svg(chart, width, height);
    }

    private static void style(JFreeChart chart) {
        StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
        theme.setRegularFont(new Font("SansSerif", Font.PLAIN, 12));
        theme.setLargeFont(new Font("SansSerif", Font.PLAIN, 13));
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setDomainGridlinePaint(new Color(0xDDDDDD));
        theme.setRangeGridlinePaint(new Color(0xDDDDDD));
        theme.apply(chart);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setBorderVisible(false);
    }

    private static String svg(JFreeChart chart, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix("chart" + IDS.incrementAndGet() + "_");
        chart.draw(g, new Rectangle(0, 0, width, height));
        return g.getSVGElement();
    }
}
