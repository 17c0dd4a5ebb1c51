package nlvideo.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import nlvideo.model.checkpoint.CheckpointTensor;

/**
 * Stochastic gradient descent with momentum and L2 weight decay, PyTorch's formulation (the one
 * PySlowFast and mmaction2 train with): {@code v = momentum * v + (g + decay * w); w -= lr * v}.
 *
 * <p>Written here rather than taken from DJL's {@code Optimizer.sgd()} because its momentum
 * buffers are private to the optimizer, keyed by internal ids: they could not be saved, and a
 * resumed run would restart with zero momentum and drift from an uninterrupted one. Here the
 * buffers are keyed by the network's parameter names and {@link #buffers()} / {@link #restore}
 * move them to and from a checkpoint.
 *
 * <p>Batch-norm scale and shift get no weight decay (PySlowFast's {@code BN.WEIGHT_DECAY = 0}):
 * decaying them only fights the normalisation. Running statistics are not trained (no gradient).
 */
public final class MomentumSgd implements AutoCloseable {
    private final double momentum;
    private final double weightDecay;
    private final NDManager manager;
    private final Map<String, NDArray> velocity = new LinkedHashMap<>();

    /**
     * @param manager where the buffers live (a sub-manager of the model's, so on its device)
     */
    public MomentumSgd(NDManager manager, double momentum, double weightDecay) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        this.manager = manager.newSubManager();
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    /** Whether a parameter is trained: it has a gradient (running statistics do not). */
    public static boolean trained(Parameter p) {
        return p.requiresGradient();
    }

    /** Whether a parameter gets weight decay: every trained one but batch-norm scale and shift. */
    static boolean decays(String name) {
        return !(name.endsWith("bn.gamma") || name.endsWith("bn.beta"));
    }

    /**
     * Applies one update with the gradients the last backward pass left on the parameters, then
     * clears those gradients (PyTorch accumulates them across backward passes).
     *
     * <p>Every gradient is checked first: a NaN or infinite one (a finite loss can still have one,
     * from an unstable backward step) would turn its weights into NaN, and the next step's loss
     * with them, far from the cause. Then no weight is changed and training stops, naming the
     * first such parameter.
     *
     * @throws TrainingDivergedException when a trained parameter's gradient is not finite
     */
    public void step(Map<String, Parameter> parameters, double lr) {
        try (NoGrad off = NoGrad.enter()) {
            checkFinite(parameters, lr);
            update(parameters, lr);
        }
    }

    private static void checkFinite(Map<String, Parameter> parameters, double lr) {
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            if (!trained(e.getValue())) {
                continue;
            }
            try (NDArray g = e.getValue().getArray().getGradient();
                    NDArray nan = g.isNaN();
                    NDArray inf = g.isInfinite()) {
                long nans = nan.countNonzero().getLong();
                long infs = inf.countNonzero().getLong();
                if (nans + infs > 0) {
                    throw new TrainingDivergedException("the gradient of " + e.getKey() + " has " + nans + " NaN and "
                            + infs + " infinite values (of " + g.size() + ") at learning rate " + lr
                            + ": training diverged, no weight was updated (lower --lr or add --warmup-epochs)");
                }
            }
        }
    }

    private void update(Map<String, Parameter> parameters, double lr) {
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            if (!trained(e.getValue())) {
                continue;
            }
            NDArray w = e.getValue().getArray();
            try (NDArray g = w.getGradient()) {
                NDArray v = velocity.computeIfAbsent(e.getKey(), k -> manager.zeros(w.getShape(), w.getDataType()));
                v.muli(momentum).addi(g);
                if (weightDecay > 0 && decays(e.getKey())) {
                    try (NDArray d = w.mul(weightDecay)) {
                        v.addi(d);
                    }
                }
                try (NDArray delta = v.mul(lr)) {
                    w.subi(delta);
                }
                g.subi(g);
            }
        }
    }

    /** The momentum buffers by parameter name (empty before the first step). */
    public Map<String, CheckpointTensor> buffers() {
        Map<String, CheckpointTensor> out = new LinkedHashMap<>();
        velocity.forEach(
                (name, v) -> out.put(name, new CheckpointTensor(v.getShape().getShape(), v.toFloatArray(), "float32")));
        return out;
    }

    /** Sets the momentum buffers saved by {@link #buffers()}. */
    public void restore(Map<String, CheckpointTensor> buffers) {
        velocity.values().forEach(NDArray::close);
        velocity.clear();
        buffers.forEach(
                (name, t) -> velocity.put(name, manager.create(t.data(), new ai.djl.ndarray.types.Shape(t.shape()))));
    }

    @Override
    public void close() {
        manager.close();
    }
}
