package nlvideo.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * Blocks that run one after another (the backbone of {@link NlI3d}, the bottlenecks and non-local
 * blocks of a {@link ResStage}): the one walk of shapes through them, shared by the forward pass,
 * output shapes, initialisation and the cost table.
 */
final class Sequence {
    private Sequence() {}

    /** Runs {@code blocks} in order on {@code x}. */
    static NDList forward(
            List<? extends Block> blocks,
            ParameterStore ps,
            NDList x,
            boolean training,
            PairList<String, Object> params) {
        NDList y = x;
        for (Block b : blocks) {
            y = b.forward(ps, y, training, params);
        }
        return y;
    }

    /** The output shapes of the last block for inputs of {@code shapes}. */
    static Shape[] outputShapes(List<? extends Block> blocks, Shape[] shapes) {
        Shape[] s = shapes;
        for (Block b : blocks) {
            s = b.getOutputShapes(s);
        }
        return s;
    }

    /** Initialises each block for the shapes the one before it outputs; returns the last block's output shapes. */
    static Shape[] initialize(List<? extends Block> blocks, NDManager manager, DataType dataType, Shape[] shapes) {
        Shape[] s = shapes;
        for (Block b : blocks) {
            b.initialize(manager, dataType, s);
            s = b.getOutputShapes(s);
        }
        return s;
    }

    /** The summed cost of {@code blocks} (each a {@link LayerCost}) for an input of {@code shape}. */
    static LayerCost.Cost cost(List<? extends Block> blocks, Shape shape) {
        LayerCost.Cost sum = LayerCost.Cost.NONE;
        Shape s = shape;
        for (Block b : blocks) {
            sum = sum.plus(((LayerCost) b).cost(s));
            s = b.getOutputShapes(new Shape[] {s})[0];
        }
        return sum;
    }
}
