package nlvideo.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * The NL-I3D network (Wang, Girshick, Gupta, He: Non-local Neural Networks, CVPR 2018): a
 * ResNet-50/101 video backbone, C2D or I3D, with non-local blocks where the config puts them.
 *
 * <pre>
 *   clip (N, 3, T, H, W)
 *   stem   conv1 + BN + ReLU + pool1
 *   res2   bottlenecks
 *   pool2  temporal max pool 2x1x1 (every published variant has it)
 *   res3   bottlenecks [+ non-local blocks]
 *   res4   bottlenecks [+ non-local blocks]
 *   res5   bottlenecks
 *   head   -> scores (N, K)   and   pool5 = mean of res5 over T, H, W -> (N, 2048)
 * </pre>
 *
 * <p>One forward returns {@code NDList(scores, pool5)}; scores are logits for the global-average
 * head and mean per-position probabilities for the fully-convolutional test head
 * ({@link #outputsProbabilities()}). At inference (training=false) every BN uses its running
 * statistics, and the arithmetic follows the {@link Precision} set by {@link InferenceMode}
 * (float32 outputs either way).
 *
 * <h2>Parameter names</h2>
 * {@link ParameterNames#of} lists every parameter under a stable dotted name (DJL's own names
 * carry child-index prefixes such as {@code 02res2_01...}); checkpoint import maps onto these:
 * <table>
 *   <tr><th>name</th><th>shape (R50)</th></tr>
 *   <tr><td>stem.conv.weight</td><td>(64, 3, kt, 7, 7), kt = 5 (I3D) or 1 (C2D)</td></tr>
 *   <tr><td>stem.bn.{gamma,beta,runningMean,runningVar}</td><td>(64)</td></tr>
 *   <tr><td>res{2..5}.{i}.a.conv.weight</td><td>(d, Cin, 3 or 1, 1, 1)</td></tr>
 *   <tr><td>res{2..5}.{i}.b.conv.weight</td><td>(d, d, 1, 3, 3)</td></tr>
 *   <tr><td>res{2..5}.{i}.c.conv.weight</td><td>(4d, d, 1, 1, 1)</td></tr>
 *   <tr><td>res{2..5}.{i}.shortcut.conv.weight</td><td>(4d, Cin, 1, 1, 1), block 0 only</td></tr>
 *   <tr><td>res{2..5}.{i}.{a,b,c,shortcut}.bn.{gamma,beta,runningMean,runningVar}</td><td>(width)</td></tr>
 *   <tr><td>res{3,4}.{i}.nonlocal.{theta,phi,g}.{weight,bias}</td><td>(C/2, C, 1, 1, 1), (C/2)</td></tr>
 *   <tr><td>res{3,4}.{i}.nonlocal.out.weight [, .bias]</td><td>(C, C/2, 1, 1, 1) [, (C)]</td></tr>
 *   <tr><td>res{3,4}.{i}.nonlocal.bn.{gamma,beta,runningMean,runningVar}</td><td>(C)</td></tr>
 *   <tr><td>res{3,4}.{i}.nonlocal.concat.weight</td><td>(1, C, 1, 1), concatenation only</td></tr>
 *   <tr><td>head.fc.weight, head.fc.bias</td><td>(K, 2048), (K)</td></tr>
 * </table>
 * {@code i} is the 0-based block index in the stage ({@code res4.3.nonlocal} runs after
 * bottleneck 3 of res4, the paper code's {@code nonlocal_conv4_3}); d = 64 * 2^(stage-2).
 */
public final class NlI3d extends AbstractBlock {
    private final ModelConfig config;
    private final Stem stem;
    private final ResStage[] stages = new ResStage[ModelConfig.STAGES];
    private final ClassifierHead head;
    private final Shape pool2Kernel;
    private final Shape pool2Stride;
    private final Shape pool2Pad;
    private Precision precision = Precision.FP32;

    public NlI3d(ModelConfig config) {
        this.config = config;
        stem = addChildBlock("stem", new Stem(config));
        int width = config.baseWidth();
        for (int s = 0; s < ModelConfig.STAGES; s++) {
            stages[s] = addChildBlock("res" + (s + 2), new ResStage(config, s, width));
            width = config.outWidth(s);
        }
        head = addChildBlock("head", new ClassifierHead(config.head(), config.numClasses()));
        pool2Kernel = Geometry.shape(config.pool2().kernel());
        pool2Stride = Geometry.shape(config.pool2().stride());
        pool2Pad = Geometry.shape(config.pool2().padding());
    }

    /**
     * A DJL model holding this network with freshly initialised parameters for the preset's input
     * size (the caller loads weights into it, e.g. via checkpoint import).
     */
    public static Model newModel(ModelConfig config, Device device) {
        Model model = Model.newInstance(config.name(), device);
        NlI3d net = new NlI3d(config);
        model.setBlock(net);
        net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(config.inputShape(1)));
        return model;
    }

    public ModelConfig config() {
        return config;
    }

    /** Whether scores are probabilities (fully convolutional test head) rather than logits. */
    public boolean outputsProbabilities() {
        return head.outputsProbabilities();
    }

    /** The arithmetic of inference forwards (training always runs in float32). */
    public Precision precision() {
        return precision;
    }

    void setPrecision(Precision precision) {
        this.precision = precision;
    }

    /** Every parameter under its documented dotted name, in network order. */
    public Map<String, Parameter> namedParameters() {
        return ParameterNames.of(this);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        if (x.getShape().dimension() != 5 || x.getShape().get(1) != 3) {
            throw new IllegalArgumentException("NL-I3D expects clips of shape (N, 3, T, H, W), got " + x.getShape());
        }
        NDArray res5;
        if (training || precision == Precision.FP32) {
            res5 = backbone(ps, x, training, params);
        } else {
            try (Autocast scope = Autocast.bfloat16(x.getDevice())) {
                res5 = Autocast.toFloat32(backbone(ps, x, false, params));
            }
        }
        // pool5 and the head in float32 whatever the precision: they cost nothing next to the
        // backbone, and the classifier's logits are where a rounded weight would show most
        NDArray pool5 =
                res5.reshape(res5.getShape().get(0), res5.getShape().get(1), -1).mean(new int[] {2});
        NDArray scores = head.forward(ps, new NDList(res5), training, params).head();
        return new NDList(scores, pool5);
    }

    /** stem, res2, pool2, res3..res5: the res5 map (N, C, T', H', W'). */
    private NDArray backbone(ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params) {
        NDList y = stages[0].forward(ps, stem.forward(ps, new NDList(x), training, params), training, params);
        y = new NDList(Pool.maxPool3d(y.head(), pool2Kernel, pool2Stride, pool2Pad, false));
        for (int s = 1; s < ModelConfig.STAGES; s++) {
            y = stages[s].forward(ps, y, training, params);
        }
        return y.head();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape res5 = res5Shape(inputShapes[0]);
        return new Shape[] {head.getOutputShapes(new Shape[] {res5})[0], new Shape(res5.get(0), res5.get(1))};
    }

    private Shape res5Shape(Shape input) {
        Shape s = stages[0].getOutputShapes(stem.getOutputShapes(new Shape[] {input}))[0];
        Shape[] t = {Geometry.out(s, s.get(1), pool2Kernel, pool2Stride, pool2Pad)};
        for (int i = 1; i < ModelConfig.STAGES; i++) {
            t = stages[i].getOutputShapes(t);
        }
        return t[0];
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] s = inputShapes;
        stem.initialize(manager, dataType, s);
        s = stem.getOutputShapes(s);
        stages[0].initialize(manager, dataType, s);
        Shape r2 = stages[0].getOutputShapes(s)[0];
        s = new Shape[] {Geometry.out(r2, r2.get(1), pool2Kernel, pool2Stride, pool2Pad)};
        for (int i = 1; i < ModelConfig.STAGES; i++) {
            stages[i].initialize(manager, dataType, s);
            s = stages[i].getOutputShapes(s);
        }
        head.initialize(manager, dataType, s);
    }
}
