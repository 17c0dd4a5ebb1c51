package nlvideo.jobs.classify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nlvideo.jobs.recovery.WorkFolder;
import nlvideo.pipeline.clip.ClipWindow;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * What a run of the classification job still has to do: every planned clip of every probed video,
 * less the clips that earlier runs committed. A video with a committed failure row is finished (it
 * is an error row whatever its other clips give); a video an isolated task of an earlier run died
 * on (a culprit) gets its {@code crashed} row without running again; a video held by a task of an
 * earlier run that died (a suspect) runs isolated.
 *
 * @param windows the clips left to classify, per probed video, in plan order
 * @param suspects ids of videos whose remaining clips must run in isolated tasks
 * @param culprits the {@code crashed} rows to commit for videos that are not run again
 * @param videosDoneEarlier videos that earlier runs finished completely
 */
record RemainingWork(
        Map<ClassifyJob.Probed, List<ClipWindow>> windows,
        Set<String> suspects,
        List<ClipResult> culprits,
        long videosDoneEarlier) {

    /**
     * @param planned every probed video's planned clips
     * @param committed the rows earlier runs committed, or null when nothing is committed
     * @param earlier what earlier runs' journals of the inference stage say
     */
    static RemainingWork of(
            Map<ClassifyJob.Probed, List<ClipWindow>> planned,
            JavaRDD<ClipResult> committed,
            WorkFolder.Earlier earlier) {
        Map<String, Set<Integer>> doneClips = new HashMap<>();
        Set<String> failed = new HashSet<>();
        if (committed != null) {
            for (Tuple2<String, Integer> done : committed
                    .mapToPair(r -> new Tuple2<>(r.videoId(), r.failed() ? -1 : r.clipIndex()))
                    .distinct()
                    .collect()) {
                if (done._2() < 0) {
                    failed.add(done._1());
                } else {
                    doneClips.computeIfAbsent(done._1(), k -> new HashSet<>()).add(done._2());
                }
            }
        }
        Map<ClassifyJob.Probed, List<ClipWindow>> left = new LinkedHashMap<>();
        Set<String> suspects = new HashSet<>();
        List<ClipResult> culprits = new ArrayList<>();
        long doneEarlier = 0;
        for (Map.Entry<ClassifyJob.Probed, List<ClipWindow>> e : planned.entrySet()) {
            String id = e.getKey().ref().videoId();
            Set<Integer> done = doneClips.getOrDefault(id, Set.of());
            List<ClipWindow> todo = e.getValue().stream()
                    .filter(w -> !done.contains(w.clipIndex()))
                    .toList();
            if (failed.contains(id) || todo.isEmpty()) {
                doneEarlier++;
                continue;
            }
            String reason = earlier.culprits().get(id);
            if (reason != null) {
                culprits.add(ClipResult.failure(id, "crashed", reason));
                continue;
            }
            left.put(e.getKey(), todo);
            if (earlier.suspects().contains(id)) {
                suspects.add(id);
            }
        }
        return new RemainingWork(left, suspects, culprits, doneEarlier);
    }

    /** Clips left to classify. */
    long clips() {
        return windows.values().stream().mapToLong(List::size).sum();
    }
}
