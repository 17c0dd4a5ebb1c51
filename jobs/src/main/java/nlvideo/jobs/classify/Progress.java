package nlvideo.jobs.classify;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * Counters the executors bump as work units finish, read by the driver's progress line. Spark
 * merges accumulator updates when each task ends, so progress moves in steps of one task.
 */
public final class Progress implements Serializable {

    private final LongAccumulator clips;
    private final CollectionAccumulator<String> unitsDone;

    public Progress(SparkContext sc) {
        clips = sc.longAccumulator("nlvideo clips classified");
        unitsDone = sc.collectionAccumulator("nlvideo units done");
    }

    void unitDone(String videoId, int clipCount) {
        clips.add(clipCount);
        unitsDone.add(videoId);
    }

    public long clipsDone() {
        return clips.value();
    }

    /** Videos all of whose units have finished, given each video's unit count. */
    public long videosDone(Map<String, Integer> unitsPerVideo) {
        List<String> done = unitsDone.value();
        Map<String, Integer> finished = new HashMap<>();
        synchronized (done) {
            for (String id : done) {
                finished.merge(id, 1, Integer::sum);
            }
        }
        long videos = 0;
        for (Map.Entry<String, Integer> e : finished.entrySet()) {
            if (e.getValue() >= unitsPerVideo.getOrDefault(e.getKey(), Integer.MAX_VALUE)) {
                videos++;
            }
        }
        return videos;
    }
}
