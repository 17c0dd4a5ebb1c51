package nlvideo.jobs.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nlvideo.jobs.classify.ClassifyTables;
import nlvideo.jobs.classify.VideoOutcome;
import nlvideo.pipeline.aggregate.TopK;
import nlvideo.pipeline.dataset.LabelList;

/**
 * What every classification run reports about its inputs: the counts that add up (inputs =
 * predicted + missing + failed), the failures with their kinds and messages, and for
 * {@code classify} the distribution of the predicted labels.
 */
public final class ClassificationSection {

    /** Failures listed one by one, at most; the rest are counted. */
    static final int MAX_FAILURES = 200;

    /** Labels shown in the distribution, at most (the most frequent). */
    static final int MAX_LABELS = 40;

    private ClassificationSection() {}

    /** The counts, and the failures by kind and one by one. */
    @SuppressWarnings("unchecked")
    public static void outcomes(HtmlReport report, List<VideoOutcome> videos) {
        Map<String, Object> counts = ClassifyTables.counts(videos);
        report.section("Inputs");
        List<List<Object>> rows = new ArrayList<>();
        for (String key : List.of("inputs", "predicted", "missing", "failed")) {
            rows.add(List.of(key, counts.get(key)));
        }
        ((Map<String, Long>) counts.get("failed_by_kind")).forEach((k, n) -> rows.add(List.of("failed: " + k, n)));
        report.table(List.of("videos", "count"), rows);
        List<List<Object>> failures = new ArrayList<>();
        for (VideoOutcome v : videos) {
            if (!v.isPredicted() && failures.size() < MAX_FAILURES) {
                failures.add(List.of(
                        v.ref().videoId(),
                        v.ref().path() == null ? "" : v.ref().path(),
                        v.errorKind(),
                        v.errorMessage() == null ? "" : v.errorMessage()));
            }
        }
        if (!failures.isEmpty()) {
            report.subsection("Failures");
            report.table(List.of("video", "path", "kind", "message"), failures);
            long all = videos.stream().filter(v -> !v.isPredicted()).count();
            if (all > failures.size()) {
                report.note("The first " + failures.size() + " of " + all + " are listed; errors has all of them.");
            }
        }
    }

    /** How many videos got each label as their top-1, most frequent first. */
    public static void labelDistribution(HtmlReport report, List<VideoOutcome> videos, LabelList labels) {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (VideoOutcome v : videos) {
            if (v.isPredicted()) {
                counts.merge(TopK.argmax(v.scores()), 1, Integer::sum);
            }
        }
        if (counts.isEmpty()) {
            return;
        }
        List<Map.Entry<Integer, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<Integer, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        List<Map.Entry<Integer, Integer>> shown = sorted.subList(0, Math.min(MAX_LABELS, sorted.size()));
        List<String> names = new ArrayList<>();
        double[] values = new double[shown.size()];
        for (int i = 0; i < shown.size(); i++) {
            names.add(labels.name(shown.get(i).getKey()));
            values[i] = shown.get(i).getValue();
        }
        report.section("Predicted labels");
        report.figure(
                Charts.counts(names, values, "videos", 760),
                "Videos per top-1 label"
                        + (sorted.size() > shown.size()
                                ? " (the " + shown.size() + " most frequent of " + sorted.size() + " labels)."
                                : "."));
    }
}
