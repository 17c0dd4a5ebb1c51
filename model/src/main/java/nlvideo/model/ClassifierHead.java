package nlvideo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import nlvideo.model.ModelConfig.HeadType;

/**
 * Turns the res5 map (N, C, T, H, W) into class scores (N, K).
 *
 * <ul>
 *   <li>{@link HeadType#GLOBAL_AVERAGE}: global average pool, dropout, FC: logits.
 *   <li>{@link HeadType#FULLY_CONVOLUTIONAL}: the reference code's test head: average pool with
 *       a fixed kernel and stride 1 (kernel clipped to the map), the FC applied at every remaining
 *       position (a 1x1x1 conv), softmax per position, then the mean: probabilities. With a 256
 *       crop and a 4x7x7 kernel the res5 map is 4x8x8 and 2x2 positions are averaged.
 * </ul>
 *
 * <p>Parameters: {@code fc.weight} (K, C), {@code fc.bias} (K), the same for both heads, so one
 * checkpoint serves both.
 */
public final class ClassifierHead extends AbstractBlock {
    private final HeadType type;
    private final Shape poolKernel;
    private final Dropout dropout;
    private final Linear fc;

    public ClassifierHead(ModelConfig.Head head, int numClasses) {
        type = head.type();
        poolKernel = Geometry.shape(head.poolKernel());
        dropout = addChildBlock(
                "dropout",
                Dropout.builder().optRate(head.dropout().floatValue()).build());
        fc = addChildBlock("fc", Linear.builder().setUnits(numClasses).build());
    }

    /** Whether the scores are probabilities (fully convolutional) rather than logits. */
    public boolean outputsProbabilities() {
        return type == HeadType.FULLY_CONVOLUTIONAL;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (type == HeadType.GLOBAL_AVERAGE) {
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
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape pooled = new Shape(inputShapes[0].get(0), inputShapes[0].get(1));
        dropout.initialize(manager, dataType, pooled);
        fc.initialize(manager, dataType, pooled);
    }
}
