package nlvideo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Turns the res5 map (N, C, T, H, W) into class scores (N, K).
 *
 * <ul>
 *   <li>{@link HeadConfig.Type#GLOBAL_AVERAGE}: global average pool, dropout, FC: logits.
 *   <li>{@link HeadConfig.Type#FULLY_CONVOLUTIONAL}: the reference code's test head: average pool with
 *       a fixed kernel and stride 1 (kernel clipped to the map), the FC applied at every remaining
 *       position (a 1x1x1 conv), softmax per position, then the mean: probabilities. With a 256
 *       crop and a 4x7x7 kernel the res5 map is 4x8x8 and 2x2 positions are averaged.
 * </ul>
 *
 * <p>Parameters: {@code fc.weight} (K, C), {@code fc.bias} (K), the same for both heads, so one
 * checkpoint serves both.
 */
public final class ClassifierHead extends AbstractBlock implements LayerCost {
    private final HeadConfig config;
    private final Shape poolKernel;
    private final Dropout dropout;
    private final Linear fc;

    /**
     * @param head type, dropout rate and (fully convolutional) pool kernel
     * @param numClasses K, at least 1
     */
    public ClassifierHead(HeadConfig head, int numClasses) {
        config = head;
        poolKernel = Geometry.shape(head.poolKernel());
        dropout = addChildBlock(
                "dropout",
                Dropout.builder().optRate(head.dropout().floatValue()).build());
        fc = addChildBlock("fc", Linear.builder().setUnits(numClasses).build());
        fc.setInitializer(new GaussianInit(0.01), Parameter.Type.WEIGHT); // the paper code's FC_INIT_STD
    }

    /** Whether the scores are probabilities (fully convolutional) rather than logits. */
    public boolean outputsProbabilities() {
        return config.outputsProbabilities();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (!config.outputsProbabilities()) {
            NDArray pooled =
                    x.reshape(x.getShape().get(0), x.getShape().get(1), -1).mean(new int[] {2});
            NDList d = dropout.forward(ps, new NDList(pooled), training, params);
            return fc.forward(ps, d, training, params);
        }
        Shape k = Geometry.clip(poolKernel, x.getShape());
        NDArray pooled = Pool.avgPool3d(x, k, new Shape(1, 1, 1), new Shape(0, 0, 0), false, true);
        NDArray perPosition = pooled.transpose(0, 2, 3, 4, 1); // (N, t, h, w, C)
        NDArray scores =
                fc.forward(ps, new NDList(perPosition), training, params).head();
        NDArray probs = scores.softmax(4);
        return new NDList(
                probs.reshape(x.getShape().get(0), -1, probs.getShape().get(4)).mean(new int[] {1}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {
            new Shape(
                    inputShapes[0].get(0),
                    fc.getOutputShapes(new Shape[] {new Shape(1, inputShapes[0].get(1))})[0].get(1))
        };
    }

    @Override
    public Cost cost(Shape input) {
        long positions = 1;
        if (config.outputsProbabilities()) {
            Shape k = Geometry.clip(poolKernel, input);
            for (int i = 0; i < 3; i++) {
                positions *= input.get(i + 2) - k.get(i) + 1;
            }
        }
        long channels = input.get(1);
        long classes = getOutputShapes(new Shape[] {input})[0].get(1);
        return new Cost(channels * classes + classes, positions * channels * classes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape pooled = new Shape(inputShapes[0].get(0), inputShapes[0].get(1));
        dropout.initialize(manager, dataType, pooled);
        fc.initialize(manager, dataType, pooled);
    }
}
