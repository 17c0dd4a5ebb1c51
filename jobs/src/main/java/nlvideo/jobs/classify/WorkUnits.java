package nlvideo.jobs.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import nlvideo.pipeline.clip.ClipWindow;
import nlvideo.pipeline.video.VideoInfo;

/** Cuts videos into work units and deals the units out to partitions of even cost. */
public final class WorkUnits {

    private WorkUnits() {}

    /**
     * One video's clips, in clip order, cut into units of at most {@code clipsPerUnit} clips. Unit
     * u reports the decode errors met from just after the furthest frame of the units before it to
     * its own furthest frame (the last unit: to the end), so that each stretch of the video counts
     * once.
     */
    public static List<WorkUnit> split(
            String videoId, String path, VideoInfo info, List<ClipWindow> windows, int clipsPerUnit) {
        int units = Math.max(1, (windows.size() + clipsPerUnit - 1) / clipsPerUnit);
        List<WorkUnit> out = new ArrayList<>(units);
        int reached = -1;
        for (int u = 0; u < units; u++) {
            List<ClipWindow> part = windows.subList(u * clipsPerUnit, Math.min(windows.size(), (u + 1) * clipsPerUnit));
            int from = reached + 1;
            for (ClipWindow w : part) {
                reached = Math.max(reached, w.maxIndex());
            }
            int to = u == units - 1 ? Integer.MAX_VALUE : reached;
            out.add(new WorkUnit(videoId, path, info, List.copyOf(part), u, units, from, to));
        }
        return out;
    }

    /**
     * How many clips one unit of a video should hold: all of them unless the video alone is more
     * than one partition's share of the job's work, then pieces of about that share. A short video
     * stays whole (one sequential decoder pass for all its clips); a long one spreads over the
     * executors.
     *
     * @param totalClips clips of the whole job
     */
    public static int clipsPerUnit(long totalClips, int partitions) {
        long share = (totalClips + partitions - 1) / Math.max(1, partitions);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, share));
    }

    /**
     * Longest-processing-time-first: each unit, largest first, goes to the partition with the least
     * work so far. No partition ends up with more than the average plus one unit, so one long
     * video cannot hold the whole job back on a single executor.
     */
    public static List<List<WorkUnit>> balance(List<WorkUnit> units, int partitions) {
        int n = Math.max(1, Math.min(partitions, units.size()));
        List<List<WorkUnit>> bins = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            bins.add(new ArrayList<>());
        }
        long[] load = new long[n];
        PriorityQueue<Integer> lightest = new PriorityQueue<>(
                Comparator.<Integer>comparingLong(i -> load[i]).thenComparingInt(i -> i));
        for (int i = 0; i < n; i++) {
            lightest.add(i);
        }
        List<WorkUnit> bySize = new ArrayList<>(units);
        bySize.sort(Comparator.comparingLong(WorkUnit::cost).reversed());
        for (WorkUnit u : bySize) {
            int bin = lightest.poll();
            bins.get(bin).add(u);
            load[bin] += u.cost();
            lightest.add(bin);
        }
        // within a partition, a video's units run in order (sequential reads of one file)
        for (List<WorkUnit> bin : bins) {
            bin.sort(Comparator.comparing(WorkUnit::videoId).thenComparingInt(WorkUnit::unitIndex));
        }
        return bins;
    }
}
