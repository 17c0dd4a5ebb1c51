package nlvideo.jobs.recovery;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What one task of a stage gets: its items, and whether it must run them one at a time because
 * they were held by a task that died in an earlier run ({@link TaskAttempt}). A stage is a list of
 * plans, one per Spark partition.
 */
public record TaskPlan<I extends Serializable>(List<I> items, boolean isolated) implements Serializable {

    public TaskPlan {
        items = List.copyOf(items);
    }

    /**
     * The plans of a stage: the normal bins as they are, then the suspect items dealt round-robin
     * into at most {@code isolatedTasks} isolated plans (so that suspects still run in parallel).
     */
    public static <I extends Serializable> List<TaskPlan<I>> of(
            List<List<I>> normalBins, List<I> suspects, int isolatedTasks) {
        List<TaskPlan<I>> plans = new ArrayList<>();
        for (List<I> bin : normalBins) {
            if (!bin.isEmpty()) {
                plans.add(new TaskPlan<>(bin, false));
            }
        }
        int n = Math.max(1, Math.min(isolatedTasks, suspects.size()));
        List<List<I>> isolated = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            isolated.add(new ArrayList<>());
        }
        for (int i = 0; i < suspects.size(); i++) {
            isolated.get(i % n).add(suspects.get(i));
        }
        for (List<I> bin : isolated) {
            if (!bin.isEmpty()) {
                plans.add(new TaskPlan<>(bin, true));
            }
        }
        return plans;
    }
}
