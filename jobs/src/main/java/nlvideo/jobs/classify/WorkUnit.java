package nlvideo.jobs.classify;

import java.io.Serializable;
import java.util.List;
import nlvideo.pipeline.clip.ClipWindow;
import nlvideo.pipeline.video.VideoInfo;

/**
 * A few clips of one video, decoded and classified together in one task: the unit Spark spreads
 * over executors. Splitting a long video into several units keeps every executor busy; keeping a
 * unit's clips together lets one sequential decoder pass read the frames they share.
 *
 * @param unitIndex this unit's position among its video's {@code unitsInVideo} units
 * @param errorsFrom first timeline index whose decode errors this unit reports
 * @param errorsTo last such index (inclusive): the video's units share its timeline out, so that
 *     errors met by two units reading the same stretch count once in the video's total
 */
public record WorkUnit(
        String videoId,
        String path,
        VideoInfo info,
        List<ClipWindow> windows,
        int unitIndex,
        int unitsInVideo,
        int errorsFrom,
        int errorsTo)
        implements Serializable {

    /** What the unit costs to run, in decoded-and-classified frames: what balancing evens out. */
    public long cost() {
        long frames = 0;
        for (ClipWindow w : windows) {
            frames += w.length();
        }
        return frames;
    }
}
