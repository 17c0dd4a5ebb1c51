package nlvideo.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nlvideo.model.NonLocalConfig.Instantiation;
import nlvideo.model.NonLocalConfig.SubsampleOrder;

/**
 * Size and cost of a network, computed from its config alone (no weights, no native code):
 * learnable parameters, and FLOPs per clip counted as multiply-adds as the paper does (conv, FC
 * and the two non-local matrix products; BN, ReLU, pooling, softmax and additions are not
 * counted). Parameters exclude BN running statistics (buffers, as in PyTorch's counts).
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

    /** Info for clips of {@code frames x size x size}. */
    public static ModelInfo of(ModelConfig model, int frames, int size) {
        NetworkConfig config = model.network();
        Counter c = new Counter();
        List<Row> rows = new ArrayList<>();
        long[] x = {3, frames, size, size};

        NetworkConfig.Conv conv1 = config.conv1();
        x = c.conv(x, config.baseWidth(), conv1.kernel(), conv1.stride(), conv1.padding());
        c.bn(config.baseWidth());
        x = pool(x, config.pool1());
        rows.add(c.row("stem", x));

        for (int s = 0; s < NetworkConfig.STAGES; s++) {
            int inner = config.innerWidth(s);
            int out = config.outWidth(s);
            for (int b = 0; b < config.blocks().get(s); b++) {
                int stride = b == 0 && s > 0 ? 2 : 1;
                int kt = config.temporalKernel(s, b);
                long[] in = x;
                long[] a = c.conv(in, inner, List.of(kt, 1, 1), List.of(1, 1, 1), List.of(kt / 2, 0, 0));
                c.bn(inner);
                long[] bb = c.conv(a, inner, List.of(1, 3, 3), List.of(1, stride, stride), List.of(0, 1, 1));
                c.bn(inner);
                x = c.conv(bb, out, List.of(1, 1, 1), List.of(1, 1, 1), List.of(0, 0, 0));
                c.bn(out);
                if (in[0] != out || stride != 1) {
                    c.conv(in, out, List.of(1, 1, 1), List.of(1, stride, stride), List.of(0, 0, 0));
                    c.bn(out);
                }
                if (config.nonLocalAfter(s, b)) {
                    c.nonLocal(x, config.nonLocal());
                }
            }
            rows.add(c.row("res" + (s + 2), x));
            if (s == 0) {
                x = pool(x, config.pool2());
                rows.add(c.row("pool2", x));
            }
        }

        HeadConfig head = config.head();
        long positions = 1;
        if (head.type() == HeadConfig.Type.FULLY_CONVOLUTIONAL) {
            for (int i = 0; i < 3; i++) {
                positions *= x[i + 1] - Math.min(head.poolKernel().get(i), x[i + 1]) + 1;
            }
        }
        c.params += x[0] * config.numClasses() + config.numClasses();
        c.flops += positions * x[0] * config.numClasses();
        rows.add(c.row("head", new long[] {config.numClasses()}));

        long params = rows.stream().mapToLong(Row::parameters).sum();
        long flops = rows.stream().mapToLong(Row::flops).sum();
        return new ModelInfo(model.name(), frames, size, params, flops, List.copyOf(rows));
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

    private static long[] pool(long[] x, NetworkConfig.Pool p) {
        long[] y = x.clone();
        for (int i = 0; i < 3; i++) {
            y[i + 1] = Geometry.out(
                    x[i + 1], p.kernel().get(i), p.stride().get(i), p.padding().get(i));
        }
        return y;
    }

    private static long voxels(long[] x) {
        return x[1] * x[2] * x[3];
    }

    /** Running totals since the last row. */
    private static final class Counter {
        long params;
        long flops;

        long[] conv(long[] x, long filters, List<Integer> k, List<Integer> s, List<Integer> p) {
            long[] y = {filters, 0, 0, 0};
            for (int i = 0; i < 3; i++) {
                y[i + 1] = Geometry.out(x[i + 1], k.get(i), s.get(i), p.get(i));
            }
            long taps = (long) k.get(0) * k.get(1) * k.get(2) * x[0];
            params += filters * taps;
            flops += voxels(y) * filters * taps;
            return y;
        }

        void bn(long channels) {
            params += 2 * channels;
        }

        void nonLocal(long[] x, NonLocalConfig spec) {
            long ch = x[0];
            long d = ch / spec.reduction();
            long queries = voxels(x);
            long keys = queries;
            if (spec.subsample() != null) {
                keys = 1;
                for (int i = 0; i < 3; i++) {
                    long k = Math.min(spec.subsample().kernel().get(i), x[i + 1]);
                    keys *= Geometry.out(x[i + 1], k, k, 0);
                }
            }
            boolean poolFirst = spec.subsample() != null && spec.subsample().order() == SubsampleOrder.POOL_FIRST;
            long keyConvPositions = poolFirst ? keys : queries;
            long pairwiseWidth = d;
            if (spec.instantiation() == Instantiation.GAUSSIAN) {
                pairwiseWidth = ch;
            } else {
                params += 2 * (d * ch + d); // theta, phi
                flops += queries * d * ch + keyConvPositions * d * ch;
            }
            params += d * ch + d; // g
            flops += keyConvPositions * d * ch;
            if (spec.instantiation() == Instantiation.CONCATENATION) {
                params += 2 * d;
                flops += (queries + keys) * d;
            } else {
                flops += queries * keys * pairwiseWidth; // theta^T phi
            }
            flops += queries * keys * d; // f . g
            params += ch * d + (spec.outBias() ? ch : 0); // W_z
            flops += queries * ch * d;
            params += 2 * ch; // BN after W_z
        }

        Row row(String name, long[] shape) {
            Row r = new Row(name, shape.clone(), params, flops);
            params = 0;
            flops = 0;
            return r;
        }
    }
}
