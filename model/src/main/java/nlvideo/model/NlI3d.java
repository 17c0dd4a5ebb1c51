package nlvideo.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
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
    private final List<Block> backbone = new ArrayList<>();
    private final ClassifierHead head;
    private Precision precision = Precision.FP32;

    /** @param config the preset: its network is built, its protocol gives {@link #newModel}'s input size */
    public NlI3d(ModelConfig config) {
        this.config = config;
        NetworkConfig network = config.network();
        backbone.add(addChildBlock("stem", new Stem(network)));
        int width = network.baseWidth();
        for (int s = 0; s < NetworkConfig.STAGES; s++) {
            backbone.add(addChildBlock("res" + (s + 2), new ResStage(network, s, width)));
            width = network.outWidth(s);
            if (s == 0) {
                backbone.add(addChildBlock("pool2", new MaxPool(network.pool2())));
            }
        }
        head = addChildBlock("head", new ClassifierHead(network.head(), network.numClasses()));
    }

    /**
     * A DJL model holding this network with freshly initialised parameters for the preset's input
     * size (the caller loads weights into it, e.g. via checkpoint import, or {@link SeededWeights}).
     * Every non-local block starts as an identity (its W_z BN scale is 0).
     */
    public static Model newModel(ModelConfig config, Device device) {
        Model model = Model.newInstance(config.name(), device);
        NlI3d net = new NlI3d(config);
        model.setBlock(net);
        net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(config.inputShape(1)));
        return model;
    }

    /** The preset this network was built from. */
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

    /**
     * The res5 feature map of a batch of clips: what the head and pool5 are computed from.
     *
     * @param clips (N, 3, T, H, W), normalised
     * @return (N, 4 * 8 * baseWidth, T', H', W'): for R50 at 32x224x224, (N, 2048, 4, 7, 7), stored
     *     channels-last ({@link ChannelsLast})
     * @throws IllegalArgumentException when {@code clips} is not (N, 3, T, H, W)
     */
    public NDArray features(ParameterStore ps, NDArray clips, boolean training) {
        return features(ps, clips, training, null);
    }

    private NDArray features(ParameterStore ps, NDArray clips, boolean training, PairList<String, Object> params) {
        if (clips.getShape().dimension() != 5 || clips.getShape().get(1) != 3) {
            throw new IllegalArgumentException(
                    "NL-I3D expects clips of shape (N, 3, T, H, W), got " + clips.getShape());
        }
        NDList input = new NDList(ChannelsLast.of(clips)); // the layout every later layer keeps
        if (training || precision == Precision.FP32) {
            return Sequence.forward(backbone, ps, input, training, params).head();
        }
        try (Autocast scope = Autocast.bfloat16(clips.getDevice())) {
            return Autocast.toFloat32(
                    Sequence.forward(backbone, ps, input, false, params).head());
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray res5 = features(ps, inputs.head(), training, params);
        // pool5 and the head in float32 whatever the precision: they cost nothing next to the
        // backbone, and the classifier's logits are where a rounded weight would show most
        NDArray pool5 =
                res5.reshape(res5.getShape().get(0), res5.getShape().get(1), -1).mean(new int[] {2});
        NDArray scores = head.forward(ps, new NDList(res5), training, params).head();
        return new NDList(scores, pool5);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] res5 = Sequence.outputShapes(backbone, inputShapes);
        return new Shape[] {head.getOutputShapes(res5)[0], new Shape(res5[0].get(0), res5[0].get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        head.initialize(manager, dataType, Sequence.initialize(backbone, manager, dataType, inputShapes));
    }
}
