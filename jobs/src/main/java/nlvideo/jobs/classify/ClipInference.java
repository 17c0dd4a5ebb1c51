package nlvideo.jobs.classify;

import ai.djl.ndarray.types.Shape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import nlvideo.jobs.infer.ExecutorModels;
import nlvideo.jobs.infer.InferenceThread;
import nlvideo.jobs.infer.ModelSpec;
import nlvideo.pipeline.clip.ClipProtocol;
import nlvideo.pipeline.transform.ClipTensor;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * The executor side of classification, one call per partition: units decoded ahead on a second
 * thread, their views packed into batches of equal shape and run through the network by the
 * executor's one {@link InferenceThread}. Clip tensors are made, used and freed here; only scores
 * leave the task. Each stage's time goes to {@link StageTimes}.
 */
public final class ClipInference implements FlatMapFunction<Iterator<WorkUnit>, ClipResult> {

    private final ModelSpec spec;
    private final ClipProtocol protocol;
    private final int batchSize;
    private final boolean features;
    private final Progress progress;
    private final StageTimes times;
    private final Duration decodeLimit;

    /**
     * @param batchSize most views per forward pass (at least 1)
     * @param features whether each result carries the view's pool5 features
     * @param decodeLimit how long decoding one work unit may take before it ends as a {@code
     *     timeout} failure (zero: no limit)
     */
    public ClipInference(
            ModelSpec spec,
            ClipProtocol protocol,
            int batchSize,
            boolean features,
            Progress progress,
            StageTimes times,
            Duration decodeLimit) {
        this.spec = spec;
        this.protocol = protocol;
        this.batchSize = batchSize;
        this.features = features;
        this.progress = progress;
        this.times = times;
        this.decodeLimit = decodeLimit;
    }

    @Override
    public Iterator<ClipResult> call(Iterator<WorkUnit> partition) throws InterruptedException {
        List<WorkUnit> units = new ArrayList<>();
        partition.forEachRemaining(units::add); // descriptors only; the iterator stays on this thread
        return run(units).iterator();
    }

    /**
     * Decodes and classifies {@code units} in this task: one result per view, or failures.
     *
     * @throws InterruptedException when the task is interrupted while waiting for a forward
     */
    public List<ClipResult> run(List<WorkUnit> units) throws InterruptedException {
        List<ClipResult> results = new ArrayList<>();
        if (units.isEmpty()) {
            return results;
        }
        ExecutorModels.Loaded loaded = ExecutorModels.forTask(spec);
        if (loaded.firstReport()) {
            times.modelLoaded(loaded.loadSeconds(), loaded.weightSeconds());
        }
        InferenceThread inference = loaded.inference();
        // views of consecutive units share batches, so short videos still fill the batch; a view of
        // another shape (full-frame crops of videos of other sizes) starts a new batch
        List<Pending> batch = new ArrayList<>(batchSize);
        try (DecodeAhead ahead = new DecodeAhead(units, protocol, decodeLimit)) {
            while (true) {
                long waitStart = System.nanoTime();
                boolean more = ahead.hasNext();
                times.waitedForDecode(System.nanoTime() - waitStart);
                if (!more) {
                    break;
                }
                DecodedUnit unit = ahead.next();
                WorkUnit u = unit.unit();
                times.decoded(unit.decodeNanos(), unit.transformNanos());
                if (unit.failed()) {
                    results.add(ClipResult.failure(u.videoId(), unit.errorKind(), unit.errorMessage()));
                }
                boolean first = true;
                for (DecodedUnit.View v : unit.views()) {
                    if (!batch.isEmpty() && !sameShape(batch.get(0).view().tensor(), v.tensor())) {
                        classify(batch, inference, results);
                    }
                    batch.add(new Pending(u.videoId(), v, first ? unit.decodeErrors() : 0));
                    first = false;
                    if (batch.size() == batchSize) {
                        classify(batch, inference, results);
                    }
                }
                progress.unitDone(u.videoId(), u.windows().size());
            }
            if (!batch.isEmpty()) {
                classify(batch, inference, results);
            }
        }
        return results;
    }

    /** A view waiting for its batch; {@code unitDecodeErrors} on one view per unit. */
    private record Pending(String videoId, DecodedUnit.View view, int unitDecodeErrors) {}

    static boolean sameShape(ClipTensor a, ClipTensor b) {
        return a.channels() == b.channels()
                && a.frames() == b.frames()
                && a.height() == b.height()
                && a.width() == b.width();
    }

    /** Runs one batch (views of one shape) through the network, adds a result per view, and empties the batch. */
    private void classify(List<Pending> batch, InferenceThread inference, List<ClipResult> results)
            throws InterruptedException {
        ClipTensor first = batch.get(0).view().tensor();
        List<float[]> clips = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            clips.add(p.view().tensor().data());
        }
        Shape shape = new Shape(batch.size(), first.channels(), first.frames(), first.height(), first.width());
        InferenceThread.Output y = inference.forward(clips, shape, features);
        times.forward(batch.size(), y.seconds(), y.cpuSeconds(), y.firstOfShape());
        int k = y.scores().length / batch.size();
        int f = features ? y.features().length / batch.size() : 0;
        for (int i = 0; i < batch.size(); i++) {
            DecodedUnit.View v = batch.get(i).view();
            results.add(new ClipResult(
                    batch.get(i).videoId(),
                    v.clipIndex(),
                    v.cropIndex(),
                    v.startSeconds(),
                    v.endSeconds(),
                    slice(y.scores(), i, k),
                    features ? slice(y.features(), i, f) : null,
                    null,
                    null,
                    v.paddedFrames(),
                    v.decodeErrors(),
                    batch.get(i).unitDecodeErrors()));
        }
        batch.clear();
    }

    private static float[] slice(float[] all, int index, int width) {
        float[] out = new float[width];
        System.arraycopy(all, index * width, out, 0, width);
        return out;
    }
}
