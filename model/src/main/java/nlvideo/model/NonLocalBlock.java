package nlvideo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.List;
import nlvideo.model.NonLocalConfig.Instantiation;
import nlvideo.model.NonLocalConfig.SubsampleOrder;

/**
 * The space-time non-local block (Wang et al., eq. 1 and 6): {@code z = x + BN(W_z y)} with
 * {@code y_i = sum_j f(x_i, x_j) g(x_j) / C(x)} over all T*H*W positions j, so every position
 * sees the whole clip in one step.
 *
 * <p>Keys and values (phi, g) may be sub-sampled by a max pool (kernel = stride, e.g. 1x2x2),
 * which cuts the pairwise cost 4x. The paper's code and PySlowFast pool x before phi/g;
 * mmaction2 pools the outputs of phi/g: both orders are supported, and they differ numerically.
 * A pool kernel larger than the map is clipped to it, so tiny test inputs still work.
 *
 * <p>Parameters (inner width d = channels / reduction):
 * <table>
 *   <tr><th>name</th><th>shape</th><th>present</th></tr>
 *   <tr><td>theta.weight, theta.bias</td><td>(d, C, 1, 1, 1), (d)</td><td>not Gaussian</td></tr>
 *   <tr><td>phi.weight, phi.bias</td><td>(d, C, 1, 1, 1), (d)</td><td>not Gaussian</td></tr>
 *   <tr><td>g.weight, g.bias</td><td>(d, C, 1, 1, 1), (d)</td><td>always</td></tr>
 *   <tr><td>concat.weight</td><td>(1, 2d, 1, 1)</td><td>concatenation (mmcv's concat_project)</td></tr>
 *   <tr><td>out.weight [, out.bias]</td><td>(C, d, 1, 1, 1), (C)</td><td>always; bias if outBias</td></tr>
 *   <tr><td>bn.gamma|beta|runningMean|runningVar</td><td>(C)</td><td>always (BN after W_z)</td></tr>
 * </table>
 */
public final class NonLocalBlock extends AbstractBlock implements FoldsBatchNorm, LayerCost {
    private final Instantiation instantiation;
    private final boolean scale;
    private final Shape subsample;
    private final SubsampleOrder order;
    private final int inner;
    private final Conv3d theta;
    private final Conv3d phi;
    private final Conv3d g;
    private final Conv3d out;
    private final BatchNorm bn;
    private final Parameter concat;
    private final boolean outBias;
    private final ConvBnPair wz;

    /**
     * @param channels C, input and output channels
     * @param spec instantiation, scale, sub-sampling, reduction, W_z bias and BN epsilon
     */
    public NonLocalBlock(int channels, NonLocalConfig spec) {
        instantiation = spec.instantiation();
        scale = spec.scale();
        subsample = spec.subsample() == null
                ? null
                : Geometry.shape(spec.subsample().kernel());
        order = spec.subsample() == null
                ? SubsampleOrder.POOL_FIRST
                : spec.subsample().order();
        inner = channels / spec.reduction();
        boolean embedded = instantiation != Instantiation.GAUSSIAN;
        theta = embedded ? addChildBlock("theta", pointwise(inner, true)) : null;
        phi = embedded ? addChildBlock("phi", pointwise(inner, true)) : null;
        g = addChildBlock("g", pointwise(inner, true));
        out = addChildBlock("out", pointwise(channels, spec.outBias()));
        bn = addChildBlock(
                "bn",
                BatchNorm.builder().optEpsilon(spec.bnEpsilon().floatValue()).build());
        // BN scale 0: a new block is an identity (z = x) whatever initialises the network, as the
        // paper's code starts it (NONLOCAL.BN_INIT_GAMMA = 0.0, nonlocal_helper.py)
        bn.setInitializer(Initializer.ZEROS, Parameter.Type.GAMMA);
        wz = new ConvBnPair(out, bn, spec.bnEpsilon());
        outBias = spec.outBias();
        concat = instantiation == Instantiation.CONCATENATION
                ? addParameter(Parameter.builder()
                        .setName("concat.weight")
                        .setType(Parameter.Type.WEIGHT)
                        .optShape(new Shape(1, 2L * inner, 1, 1))
                        .build())
                : null;
    }

    @Override
    public ConvBnPair convBn() {
        return wz;
    }

    private static Conv3d pointwise(int filters, boolean bias) {
        return Conv3d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(1, 1, 1))
                .optBias(bias)
                .build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        boolean poolFirst = subsample != null && order == SubsampleOrder.POOL_FIRST;
        boolean poolAfter = subsample != null && order == SubsampleOrder.CONV_FIRST;
        NDArray keysIn = poolFirst ? pool(x) : x;

        // every map as (N, positions, channels): a view of channels-last activations (ChannelsLast)
        NDArray q; // (N, Nq, dq)
        NDArray k; // (N, Nk, dq)
        if (instantiation == Instantiation.GAUSSIAN) {
            q = ChannelsLast.positions(x);
            k = ChannelsLast.positions(subsample != null ? pool(x) : x);
        } else {
            q = ChannelsLast.positions(apply(theta, ps, x, training));
            NDArray p = apply(phi, ps, keysIn, training);
            k = ChannelsLast.positions(poolAfter ? pool(p) : p);
        }
        NDArray gv = apply(g, ps, keysIn, training);
        NDArray v = ChannelsLast.positions(poolAfter ? pool(gv) : gv); // (N, Nk, d)
        long keys = v.getShape().get(1);

        NDArray f; // (N, Nq, Nk)
        if (instantiation == Instantiation.CONCATENATION) {
            NDArray w = ps.getValue(concat, x.getDevice(), training).reshape(2L * inner, 1);
            NDArray wq = w.get("0:" + inner);
            NDArray wk = w.get(inner + ":");
            NDArray a = q.matMul(wq); // (N, Nq, 1)
            NDArray b = k.matMul(wk).transpose(0, 2, 1); // (N, 1, Nk)
            f = Activation.relu(a.add(b)).div(keys);
        } else {
            f = q.matMul(k.transpose(0, 2, 1));
            if (instantiation == Instantiation.DOT_PRODUCT) {
                f = f.div(keys);
            } else {
                if (scale) {
                    f = f.mul(1.0 / Math.sqrt(q.getShape().get(2)));
                }
                f = Autocast.softmax(f, 2);
            }
        }
        // y = f v, (N, Nq, Nk) x (N, Nk, d): position-major, so back to (N, d, T, H, W) as a view
        NDArray y = ChannelsLast.fromPositions(f.matMul(v), s);
        NDArray z = wz.forward(ps, y, training, params);
        return new NDList(x.add(
                z)); // x first: the sum takes its layout; out of place: autograd keeps the tensors it saved intact
    }

    private static NDArray apply(Conv3d conv, ParameterStore ps, NDArray x, boolean training) {
        return conv.forward(ps, new NDList(x), training).head();
    }

    private NDArray pool(NDArray x) {
        Shape k = Geometry.clip(subsample, x.getShape());
        return Pool.maxPool3d(x, k, k, new Shape(0, 0, 0), false);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        for (Conv3d c : new Conv3d[] {theta, phi, g}) {
            if (c != null) {
                c.initialize(manager, dataType, x);
            }
        }
        Sequence.initialize(List.of(out, bn), manager, dataType, new Shape[] {
            new Shape(x.get(0), inner, x.get(2), x.get(3), x.get(4))
        });
    }

    @Override
    public Cost cost(Shape input) {
        long ch = input.get(1);
        long queries = input.get(2) * input.get(3) * input.get(4);
        Shape keyMap = subsample == null ? input : pooledShape(input);
        long keys = keyMap.get(2) * keyMap.get(3) * keyMap.get(4);
        long keyConvPositions = order == SubsampleOrder.POOL_FIRST ? keys : queries;
        long pointwise = inner * ch;
        Cost cost = new Cost(pointwise + inner, keyConvPositions * pointwise); // g
        long pairwiseWidth = inner;
        if (instantiation == Instantiation.GAUSSIAN) {
            pairwiseWidth = ch;
        } else {
            cost = cost.plus(new Cost(2 * (pointwise + inner), (queries + keyConvPositions) * pointwise)); // theta, phi
        }
        cost = cost.plus(
                instantiation == Instantiation.CONCATENATION
                        ? new Cost(2 * inner, (queries + keys) * inner)
                        : new Cost(0, queries * keys * pairwiseWidth)); // f: theta^T phi
        cost = cost.plus(new Cost(0, queries * keys * inner)); // f . g
        cost = cost.plus(new Cost(pointwise + (outBias ? ch : 0), queries * pointwise)); // W_z
        return cost.plus(Cost.batchNorm(ch));
    }

    private Shape pooledShape(Shape x) {
        Shape k = Geometry.clip(subsample, x);
        return Geometry.out(x, x.get(1), k, k, new Shape(0, 0, 0));
    }
}
