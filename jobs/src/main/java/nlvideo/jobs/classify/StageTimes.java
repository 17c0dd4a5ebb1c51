package nlvideo.jobs.classify;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * Where the executors' time goes during classification, summed over every task by Spark
 * accumulators (nanoseconds and counts), read on the driver once the job is done: decoding,
 * transforming (resize, crop, normalise), the inference side waiting for decoded clips, warm
 * forwards, the first forward of each new input shape, and model loading with weight import.
 * Stages on different threads overlap, so the sums can exceed the job's wall time.
 */
public final class StageTimes implements Serializable {

    private final LongAccumulator decode;
    private final LongAccumulator transform;
    private final LongAccumulator waitDecode;
    private final LongAccumulator forward;
    private final LongAccumulator forwardFirst;
    private final LongAccumulator modelLoad;
    private final LongAccumulator weightImport;
    private final LongAccumulator views;
    private final LongAccumulator warmViews;
    private final LongAccumulator batches;
    private final LongAccumulator firstBatches;
    private final CollectionAccumulator<Double> warmPerView;
    private final CollectionAccumulator<Double> warmCpuPerView;

    /** Registers the accumulators with {@code sc}; call on the driver before the job. */
    public StageTimes(SparkContext sc) {
        decode = sc.longAccumulator("nlvideo decode ns");
        transform = sc.longAccumulator("nlvideo transform ns");
        waitDecode = sc.longAccumulator("nlvideo wait for decode ns");
        forward = sc.longAccumulator("nlvideo forward ns");
        forwardFirst = sc.longAccumulator("nlvideo first forward per shape ns");
        modelLoad = sc.longAccumulator("nlvideo model load ns");
        weightImport = sc.longAccumulator("nlvideo weight import ns");
        views = sc.longAccumulator("nlvideo views");
        warmViews = sc.longAccumulator("nlvideo views in warm forwards");
        batches = sc.longAccumulator("nlvideo batches");
        firstBatches = sc.longAccumulator("nlvideo first batches per shape");
        warmPerView = sc.collectionAccumulator("nlvideo warm forward seconds per view, one per batch");
        warmCpuPerView = sc.collectionAccumulator("nlvideo warm forward CPU seconds per view, one per batch");
    }

    void decoded(long decodeNanos, long transformNanos) {
        decode.add(decodeNanos);
        transform.add(transformNanos);
    }

    void waitedForDecode(long nanos) {
        waitDecode.add(nanos);
    }

    void forward(int batchViews, double seconds, double cpuSeconds, boolean firstOfShape) {
        long nanos = Math.round(seconds * 1e9);
        views.add(batchViews);
        batches.add(1);
        if (firstOfShape) {
            forwardFirst.add(nanos);
            firstBatches.add(1);
        } else {
            forward.add(nanos);
            warmViews.add(batchViews);
            warmPerView.add(seconds / batchViews);
            warmCpuPerView.add(cpuSeconds / batchViews);
        }
    }

    void modelLoaded(double loadSeconds, double weightSeconds) {
        modelLoad.add(Math.round(loadSeconds * 1e9));
        weightImport.add(Math.round(weightSeconds * 1e9));
    }

    /**
     * Summed seconds per stage over all executors: {@code decode}, {@code transform},
     * {@code wait_decode}, {@code forward} (warm), {@code forward_first_shape}, {@code model_load}
     * (weight import included), {@code weight_import}.
     */
    public Map<String, Double> seconds() {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("decode", decode.value() / 1e9);
        s.put("transform", transform.value() / 1e9);
        s.put("wait_decode", waitDecode.value() / 1e9);
        s.put("forward", forward.value() / 1e9);
        s.put("forward_first_shape", forwardFirst.value() / 1e9);
        s.put("model_load", modelLoad.value() / 1e9);
        s.put("weight_import", weightImport.value() / 1e9);
        return s;
    }

    /**
     * Per view (one clip under one crop): seconds of decode, transform, wait for decode and warm
     * forward (over the views of warm batches only, the figure to compare with the model bench; and
     * {@code forward_median}, the median over warm batches; {@code forward_cpu_median}, the CPU
     * seconds of the inference thread and its OpenMP workers, which do not grow when other
     * processes take the cores),
     * the seconds of a first-of-its-shape batch, and the counts they are divided by.
     */
    public Map<String, Object> perView() {
        Map<String, Object> p = new LinkedHashMap<>();
        long n = views.value();
        long warm = warmViews.value();
        long first = firstBatches.value();
        p.put("views", n);
        p.put("batches", batches.value());
        p.put("decode", round(decode.value() / 1e9 / Math.max(n, 1)));
        p.put("transform", round(transform.value() / 1e9 / Math.max(n, 1)));
        p.put("wait_decode", round(waitDecode.value() / 1e9 / Math.max(n, 1)));
        p.put("forward", warm == 0 ? null : round(forward.value() / 1e9 / warm));
        p.put("forward_median", median(warmPerView));
        p.put("forward_cpu_median", median(warmCpuPerView));
        p.put("first_forward_per_batch", first == 0 ? null : round(forwardFirst.value() / 1e9 / first));
        p.put("first_forward_batches", first);
        return p;
    }

    /** One line for the progress report: where a view's time went. */
    String line() {
        Map<String, Object> p = perView();
        String warm = p.get("forward") == null
                ? "no warm forward (every batch was the first of its shape)"
                : String.format(
                        java.util.Locale.ROOT,
                        "forward %s s (warm, median %s s, CPU %s s, %d views in %d batches)",
                        p.get("forward"),
                        p.get("forward_median"),
                        p.get("forward_cpu_median"),
                        warmViews.value(),
                        batches.value() - firstBatches.value());
        String first = p.get("first_forward_per_batch") == null
                ? ""
                : "; first forward of a shape " + p.get("first_forward_per_batch") + " s per batch";
        return String.format(
                java.util.Locale.ROOT,
                "per view: decode %s s, transform %s s, wait for decode %s s, %s%s; model load %.2f s (weights %.2f s)",
                p.get("decode"),
                p.get("transform"),
                p.get("wait_decode"),
                warm,
                first,
                modelLoad.value() / 1e9,
                weightImport.value() / 1e9);
    }

    /** The median of per-batch figures: robust to a busy machine's slow spells. */
    private static Double median(CollectionAccumulator<Double> perBatch) {
        List<Double> values = new ArrayList<>(perBatch.value());
        if (values.isEmpty()) {
            return null;
        }
        Collections.sort(values);
        int n = values.size();
        return round(n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2);
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10000) / 10000.0;
    }
}
