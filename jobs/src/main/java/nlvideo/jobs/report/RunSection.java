package nlvideo.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every report ends with, from the job's {@code summary.json}: the stage timings as bars,
 * the throughput, and the configuration the job ran with.
 */
public final class RunSection {

    private RunSection() {}

    /**
     * Adds the section.
     *
     * @param summary the summary as {@link nlvideo.jobs.output.JobSummary#toMap()} gives it
     */
    @SuppressWarnings("unchecked")
    public static void add(HtmlReport report, Map<String, Object> summary) {
        report.section("Run");
        report.paragraph(summary.get("command") + " started " + summary.get("started") + ", finished "
                + summary.get("finished") + ".");
        Map<String, Object> timings = (Map<String, Object>) summary.getOrDefault("timings_s", Map.of());
        if (!timings.isEmpty()) {
            report.subsection("Stage timings");
            List<String> names = new ArrayList<>(timings.keySet());
            double[] seconds = new double[names.size()];
            for (int i = 0; i < seconds.length; i++) {
                seconds[i] = ((Number) timings.get(names.get(i))).doubleValue();
            }
            report.figure(
                    Charts.bars(names, seconds, "seconds", Double.NaN, 640),
                    "Wall time of each stage; 'total' covers probe to the last score, before the tables are written.");
        }
        report.subsection("Throughput");
        Map<String, Object> counts = (Map<String, Object>) summary.getOrDefault("counts", Map.of());
        Map<String, Object> results = (Map<String, Object>) summary.getOrDefault("results", Map.of());
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("videos per minute", results.getOrDefault("videos_per_minute", "")));
        Object views = counts.get("views_classified");
        Object classify = timings.get("classify");
        if (views instanceof Number v && classify instanceof Number c && c.doubleValue() > 0) {
            rows.add(List.of("views per second (decode + classify)", v.doubleValue() / c.doubleValue()));
        }
        report.table(List.of("measure", "value"), rows);
        report.subsection("Configuration");
        List<List<Object>> config = new ArrayList<>();
        ((Map<String, Object>) summary.getOrDefault("configuration", Map.of()))
                .forEach((k, v) -> config.add(List.of(k, String.valueOf(v))));
        report.table(List.of("setting", "value"), config);
    }
}
