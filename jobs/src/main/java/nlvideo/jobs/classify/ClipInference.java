package nlvideo.jobs.classify;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import nlvideo.jobs.infer.DirectInput;
import nlvideo.jobs.infer.ExecutorModels;
import nlvideo.jobs.infer.ModelSpec;
import nlvideo.pipeline.clip.ClipProtocol;
import nlvideo.pipeline.transform.ClipTensor;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * The executor side of classification, one call per partition: the executor's shared model, one
 * predictor for the task, units decoded ahead on a second thread, views run through the network
 * in batches. Clip tensors are made, used and freed here; only scores leave the task.
 */
public final class ClipInference implements FlatMapFunction<Iterator<WorkUnit>, ClipResult> {

    private final ModelSpec spec;
    private final ClipProtocol protocol;
    private final int batchSize;
    private final boolean features;
    private final Progress progress;
    private final Duration decodeLimit;

    /**
     * @param decodeLimit how long decoding one work unit may take before it ends as a {@code
     *     timeout} failure (zero: no limit)
     */
    public ClipInference(
            ModelSpec spec,
            ClipProtocol protocol,
            int batchSize,
            boolean features,
            Progress progress,
            Duration decodeLimit) {
        this.spec = spec;
        this.protocol = protocol;
        this.batchSize = batchSize;
        this.features = features;
        this.progress = progress;
        this.decodeLimit = decodeLimit;
    }

    @Override
    public Iterator<ClipResult> call(Iterator<WorkUnit> partition) throws TranslateException {
        List<WorkUnit> units = new ArrayList<>();
        partition.forEachRemaining(units::add); // descriptors only; the iterator stays on this thread
        return run(units).iterator();
    }

    /** Decodes and classifies {@code units} in this task: one result per view, or failures. */
    public List<ClipResult> run(List<WorkUnit> units) throws TranslateException {
        List<ClipResult> results = new ArrayList<>();
        if (units.isEmpty()) {
            return results;
        }
        Model model = ExecutorModels.forTask(spec);
        // views of consecutive units share batches, so short videos still fill the batch
        List<Pending> batch = new ArrayList<>(batchSize);
        DirectInput input = new DirectInput();
        try (Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator());
                DecodeAhead ahead = new DecodeAhead(units, protocol, decodeLimit)) {
            while (ahead.hasNext()) {
                DecodedUnit unit = ahead.next();
                WorkUnit u = unit.unit();
                if (unit.failed()) {
                    results.add(ClipResult.failure(u.videoId(), unit.errorKind(), unit.errorMessage()));
                }
                boolean first = true;
                for (DecodedUnit.View v : unit.views()) {
                    batch.add(new Pending(u.videoId(), v, first ? unit.decodeErrors() : 0));
                    first = false;
                    if (batch.size() == batchSize) {
                        classify(batch, model.getNDManager(), predictor, input, results);
                    }
                }
                progress.unitDone(u.videoId(), u.windows().size());
            }
            if (!batch.isEmpty()) {
                classify(batch, model.getNDManager(), predictor, input, results);
            }
        }
        return results;
    }

    /** A view waiting for its batch; {@code unitDecodeErrors} on one view per unit. */
    private record Pending(String videoId, DecodedUnit.View view, int unitDecodeErrors) {}

    /** Runs one batch through the network, adds a result per view, and empties the batch. */
    private void classify(
            List<Pending> batch,
            NDManager parent,
            Predictor<NDList, NDList> predictor,
            DirectInput input,
            List<ClipResult> results)
            throws TranslateException {
        ClipTensor first = batch.get(0).view().tensor();
        List<float[]> clips = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            clips.add(p.view().tensor().data());
        }
        try (NDManager manager = parent.newSubManager()) {
            NDArray x = input.create(
                    manager,
                    clips,
                    new Shape(batch.size(), first.channels(), first.frames(), first.height(), first.width()));
            NDList y = predictor.predict(new NDList(x));
            float[] scores = y.get(0).toFloatArray();
            float[] pool5 = features ? y.get(1).toFloatArray() : null;
            int k = scores.length / batch.size();
            int f = features ? pool5.length / batch.size() : 0;
            for (int i = 0; i < batch.size(); i++) {
                DecodedUnit.View v = batch.get(i).view();
                results.add(new ClipResult(
                        batch.get(i).videoId(),
                        v.clipIndex(),
                        v.cropIndex(),
                        v.startSeconds(),
                        v.endSeconds(),
                        slice(scores, i, k),
                        features ? slice(pool5, i, f) : null,
                        null,
                        null,
                        v.paddedFrames(),
                        v.decodeErrors(),
                        batch.get(i).unitDecodeErrors()));
            }
        }
        batch.clear();
    }

    private static float[] slice(float[] all, int index, int width) {
        float[] out = new float[width];
        System.arraycopy(all, index * width, out, 0, width);
        return out;
    }
}
