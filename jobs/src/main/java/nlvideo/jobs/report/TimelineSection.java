package nlvideo.jobs.report;

import java.util.ArrayList;
import java.util.List;
import nlvideo.jobs.timeline.Segment;
import nlvideo.jobs.timeline.VideoTimeline;
import nlvideo.pipeline.dataset.LabelList;

/** What {@code timeline} reports: a strip per video, coloured by label, and the segments. */
public final class TimelineSection {

    /** Videos drawn, at most; the tables hold all of them. */
    public static final int MAX_VIDEOS = 50;

    private TimelineSection() {}

    /**
     * Adds the strips and the segment table of the given videos.
     *
     * @param shown at most {@link #MAX_VIDEOS} timelines, by video id
     * @param total how many videos have a timeline in all
     */
    public static void add(HtmlReport report, List<VideoTimeline> shown, long total, LabelList labels) {
        report.section("Timelines");
        if (shown.isEmpty()) {
            report.paragraph("No video has a timeline.");
            return;
        }
        report.figure(
                TimelineStrips.svg(shown, labels::name),
                "Top: each step's top-1 label (paler when less sure; hover for the score). Bottom: the"
                        + " segments, after smoothing and the threshold.");
        if (total > shown.size()) {
            report.note("The first " + shown.size() + " of " + total + " videos are drawn; the timeline and"
                    + " segments tables hold all of them.");
        }
        report.subsection("Segments");
        List<List<Object>> rows = new ArrayList<>();
        for (VideoTimeline v : shown) {
            for (Segment s : v.segments()) {
                rows.add(List.of(v.videoId(), s.start(), s.end(), labels.name(s.label()), s.meanScore()));
            }
        }
        report.table(List.of("video", "start (s)", "end (s)", "label", "mean score"), rows);
    }
}
