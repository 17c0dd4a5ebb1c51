package nlvideo.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * One residual stage (res2..res5; the paper code's {@code res_stage_nonlocal}): its bottlenecks in
 * order, each optionally followed by a non-local block. The first bottleneck changes the width
 * and, except in res2, halves H and W. Input (N, inWidth, T, H, W), output (N, 4 * inner width, T,
 * H', W').
 *
 * <p>Children are named {@code i} (bottleneck i) and {@code i.nonlocal} (the non-local block
 * after bottleneck i), so parameters read e.g. {@code res4.2.a.conv.weight} and
 * {@code res4.3.nonlocal.theta.weight}.
 */
public final class ResStage extends AbstractBlock implements LayerCost {
    private final List<Block> sequence = new ArrayList<>();

    /**
     * @param config the network
     * @param stage 0 for res2 .. 3 for res5
     * @param inWidth channels entering the stage
     */
    public ResStage(NetworkConfig config, int stage, int inWidth) {
        int width = inWidth;
        for (int i = 0; i < config.blocks().get(stage); i++) {
            int stride = i == 0 && stage > 0 ? 2 : 1;
            sequence.add(addChildBlock(
                    String.valueOf(i),
                    new Bottleneck(
                            width,
                            config.innerWidth(stage),
                            config.outWidth(stage),
                            config.temporalKernel(stage, i),
                            stride,
                            config.bnEpsilon())));
            width = config.outWidth(stage);
            if (config.nonLocalAfter(stage, i)) {
                sequence.add(addChildBlock(i + ".nonlocal", new NonLocalBlock(width, config.nonLocal())));
            }
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return Sequence.forward(sequence, ps, inputs, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return Sequence.outputShapes(sequence, inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Sequence.initialize(sequence, manager, dataType, inputShapes);
    }

    @Override
    public Cost cost(Shape input) {
        return Sequence.cost(sequence, input);
    }
}
