package nlvideo.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.nio.FloatBuffer;
import java.util.Map;
import nlvideo.model.NlI3d;

/**
 * One optimisation step of an {@link NlI3d} classifier on a batch of clips: forward in training
 * mode (batch-norm on batch statistics, running statistics updated, dropout active), softmax
 * cross-entropy on the logits, backward, {@link MomentumSgd} update; and forward in inference
 * mode for validation.
 *
 * <p>A hand-written loop around DJL's {@code GradientCollector} rather than DJL's
 * {@code Trainer}: the optimizer state has to be saved for exact resumption (see
 * {@link MomentumSgd}), and every native array of a step lives in a sub-manager closed after it.
 *
 * <p>The network must output logits (global-average head): train with
 * {@link nlvideo.model.ModelConfig#withHead} when a preset tests with the fully-convolutional head,
 * whose parameters are the same. Not thread-safe: one trainer, one thread.
 */
public final class ClassifierTrainer implements AutoCloseable {
    private final NlI3d net;
    private final NDManager manager;
    private final MomentumSgd sgd;
    private final Map<String, Parameter> parameters;
    private final Loss loss = Loss.softmaxCrossEntropyLoss();

    /**
     * @param net the network to train (logit head), initialised
     * @param modelManager the model's manager: the optimizer's buffers and each step's arrays live under it
     * @param momentum SGD momentum in [0, 1)
     * @param weightDecay L2 weight decay, at least 0 (not on BN scale and shift)
     * @throws IllegalArgumentException for a fully convolutional (probability) head or bad values
     */
    public ClassifierTrainer(NlI3d net, NDManager modelManager, double momentum, double weightDecay) {
        if (net.outputsProbabilities()) {
            throw new IllegalArgumentException(
                    "training needs a logit head (global-average), not the fully-convolutional test head");
        }
        this.net = net;
        this.manager = modelManager;
        this.parameters = net.namedParameters();
        for (Parameter p : parameters.values()) {
            if (MomentumSgd.trained(p)) {
                p.getArray().setRequiresGradient(true);
            }
        }
        this.sgd = new MomentumSgd(modelManager, momentum, weightDecay);
    }

    /** The optimizer, whose buffers a checkpoint saves. */
    public MomentumSgd optimizer() {
        return sgd;
    }

    /** The network being trained. */
    public NlI3d network() {
        return net;
    }

    /**
     * One step at learning rate {@code lr}; returns the batch's summed loss and hits before the update.
     *
     * @throws TrainingDivergedException when the loss is NaN or infinite (the update is not applied)
     */
    public BatchResult train(ClipBatch batch, double lr) {
        double lossSum;
        int correct;
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(FloatBuffer.wrap(batch.data()), new Shape(batch.shape()));
            NDArray y = step.create(toLongs(batch.labels()));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.forward(new ParameterStore(step, false), new NDList(x), true)
                        .head();
                NDArray mean = loss.evaluate(new NDList(y), new NDList(logits));
                collector.backward(mean);
                lossSum = mean.getFloat() * (double) batch.size();
                correct = hits(logits.argMax(1).toType(DataType.INT64, false).toLongArray(), batch.labels());
            }
            if (!Double.isFinite(lossSum)) {
                throw new TrainingDivergedException("loss is " + lossSum + " at learning rate " + lr
                        + ": training diverged (lower --lr or add --warmup-epochs)");
            }
            sgd.step(parameters, lr);
        }
        return new BatchResult(lossSum, correct, batch.size());
    }

    /** Logits of every clip of the batch, N x K, in inference mode (running statistics, no dropout). */
    public float[][] logits(ClipBatch batch) {
        try (NDManager step = manager.newSubManager();
                NoGrad off = NoGrad.enter()) {
            NDArray x = step.create(FloatBuffer.wrap(batch.data()), new Shape(batch.shape()));
            float[] flat = net.forward(new ParameterStore(step, false), new NDList(x), false)
                    .head()
                    .toFloatArray();
            int k = flat.length / batch.size();
            float[][] out = new float[batch.size()][k];
            for (int i = 0; i < out.length; i++) {
                System.arraycopy(flat, i * k, out[i], 0, k);
            }
            return out;
        }
    }

    private static long[] toLongs(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static int hits(long[] predicted, int[] labels) {
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        sgd.close();
    }
}
