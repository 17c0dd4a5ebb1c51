package nlvideo.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Size and cost of a network, computed from its config alone (no weights, no native code): each
 * block of {@link NlI3d} reports its own ({@link LayerCost}): learnable parameters, and FLOPs per
 * clip counted as multiply-adds as the paper does (conv, FC and the two non-local matrix products;
 * BN, ReLU, pooling, softmax and additions are not counted). Parameters exclude BN running
 * statistics (buffers, as in PyTorch's counts).
 *
 * <p>mmaction2 lists 28.0M parameters for I3D R50 and 35.4M for NL I3D R50 (400 classes); this
 * count gives 28.04M and 35.40M for the matching presets.
 *
 * @param model preset name
 * @param frames clip length T
 * @param size spatial input size (square)
 * @param parameters learnable parameters
 * @param flops multiply-adds for one clip
 * @param rows per layer group: output shape, parameters, multiply-adds
 */
public record ModelInfo(String model, int frames, int size, long parameters, long flops, List<Row> rows) {

    /**
     * One row of the per-stage table.
     *
     * @param layer stem, res2, pool2, res3, res4, res5, head
     * @param shape output (C, T, H, W); for head (K)
     * @param parameters learnable parameters
     * @param flops multiply-adds
     */
    public record Row(String layer, long[] shape, long parameters, long flops) {}

    /** Info at the preset's own input size (frames x crop x crop). */
    public static ModelInfo of(ModelConfig config) {
        return of(config, config.input().frames(), config.input().crop());
    }

    /**
     * Info for clips of {@code frames x size x size}: the network's blocks are built (not
     * initialised: no weights, no native code) and asked for their costs, stage by stage.
     *
     * @throws IllegalArgumentException when a pool's window does not fit the input (too small)
     */
    public static ModelInfo of(ModelConfig config, int frames, int size) {
        NlI3d net = new NlI3d(config);
        List<Row> rows = new ArrayList<>();
        Shape x = new Shape(1, 3, frames, size, size);
        for (Pair<String, Block> child : net.getChildren()) {
            Block block = child.getValue();
            LayerCost.Cost cost = ((LayerCost) block).cost(x);
            x = block.getOutputShapes(new Shape[] {x})[0];
            long[] shape = Arrays.copyOfRange(x.getShape(), 1, x.dimension());
            rows.add(new Row(ParameterNames.stripIndex(child.getKey()), shape, cost.parameters(), cost.multiplyAdds()));
        }
        long params = rows.stream().mapToLong(Row::parameters).sum();
        long flops = rows.stream().mapToLong(Row::flops).sum();
        return new ModelInfo(config.name(), frames, size, params, flops, List.copyOf(rows));
    }

    /** Multiply-adds in units of 10^9, the paper's "GFLOPs". */
    public double gflops() {
        return flops / 1e9;
    }

    /** A plain-text table: one line per row, then the totals. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "model %s, input 3x%dx%dx%d%n", model, frames, size, size));
        sb.append(
                String.format(Locale.ROOT, "%-6s %-22s %14s %12s%n", "layer", "output (C,T,H,W)", "params", "GFLOPs"));
        for (Row r : rows) {
            StringBuilder shape = new StringBuilder();
            for (int i = 0; i < r.shape().length; i++) {
                shape.append(i == 0 ? "" : "x").append(r.shape()[i]);
            }
            sb.append(String.format(
                    Locale.ROOT, "%-6s %-22s %,14d %12.3f%n", r.layer(), shape, r.parameters(), r.flops() / 1e9));
        }
        sb.append(String.format(Locale.ROOT, "%-6s %-22s %,14d %12.3f%n", "total", "", parameters, gflops()));
        return sb.toString();
    }
}
