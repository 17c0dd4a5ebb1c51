package nlvideo.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * The network a preset describes: everything that fixes the shape and arithmetic of one NL-I3D
 * (the top-level fields of {@code conf/models/NAME.yaml}, read by {@link ModelConfigYaml}).
 *
 * <p>Published checkpoints differ in details that change the numbers (first max pool padding,
 * non-local sub-sampling order and scale, BN epsilon), so every such detail is a field here rather
 * than an assumption in the blocks. Missing fields take the defaults of the paper's Caffe2 code
 * (facebookresearch/video-nonlocal-net, {@code lib/models/resnet_video_org.py}).
 *
 * @param depth ResNet depth, 50 or 101 (ignored when {@code blocks} is given)
 * @param blocks bottleneck count per stage res2..res5, each at least 1
 * @param baseWidth stem width and res2 inner width (64 for ResNet); stage s (0 = res2) has inner
 *     width {@code baseWidth * 2^s} and output width 4 times that
 * @param arch C2D (2D kernels only) or I3D (3x1x1 inflation)
 * @param conv1 stem convolution (t, h, w); kernel defaults to 1x7x7 (C2D) or 5x7x7 (I3D), stride to
 *     2x2x2, padding to kernel/2
 * @param pool1 max pool after conv1; default 2x3x3 stride 2, padding 0 (the paper's code)
 * @param pool2 max pool after res2; default 2x1x1 stride 2x1x1
 * @param inflate per stage, per block: 1 = temporal kernel 3 on conv a, 0 = kernel 1; default the
 *     paper code's pattern ({@link #defaultInflate})
 * @param nonLocal non-local blocks and their instantiation; default none
 * @param bnEpsilon epsilon of every backbone BN, default 1e-5
 * @param head classifier head
 * @param numClasses number of classes K, default 400 (Kinetics)
 */
public record NetworkConfig(
        Integer depth,
        List<Integer> blocks,
        Integer baseWidth,
        Arch arch,
        Conv conv1,
        Pool pool1,
        Pool pool2,
        List<List<Integer>> inflate,
        NonLocalConfig nonLocal,
        Double bnEpsilon,
        HeadConfig head,
        Integer numClasses) {

    /** Number of residual stages (res2..res5). */
    public static final int STAGES = 4;

    /** @throws ModelConfigException for any value that cannot describe a network */
    public NetworkConfig {
        if (blocks == null) {
            depth = depth == null ? 50 : depth;
            blocks = switch (depth) {
                case 50 -> List.of(3, 4, 6, 3);
                case 101 -> List.of(3, 4, 23, 3);
                default -> throw new ModelConfigException("depth must be 50 or 101, got " + depth);
            };
        } else {
            if (blocks.size() != STAGES || blocks.stream().anyMatch(b -> b == null || b < 1)) {
                throw new ModelConfigException("blocks must list 4 positive counts, got " + blocks);
            }
            blocks = List.copyOf(blocks);
        }
        baseWidth = baseWidth == null ? 64 : baseWidth;
        if (baseWidth < 1) {
            throw new ModelConfigException("baseWidth must be positive");
        }
        arch = arch == null ? Arch.I3D : arch;
        conv1 = Conv.withDefaults(conv1, List.of(arch == Arch.I3D ? 5 : 1, 7, 7), List.of(2, 2, 2));
        pool1 = pool1 == null ? new Pool(List.of(2, 3, 3), List.of(2, 2, 2), List.of(0, 0, 0)) : pool1;
        pool1.check("pool1");
        pool2 = pool2 == null ? new Pool(List.of(2, 1, 1), List.of(2, 1, 1), List.of(0, 0, 0)) : pool2;
        pool2.check("pool2");
        inflate = inflate == null ? defaultInflate(arch, blocks) : copyNested(inflate);
        checkPerBlock("inflate", inflate, blocks, true);
        nonLocal = nonLocal == null ? NonLocalConfig.none() : nonLocal;
        checkPerBlock("nonLocal.positions", nonLocal.positions(), blocks, false);
        bnEpsilon = bnEpsilon == null ? 1e-5 : bnEpsilon;
        if (!(bnEpsilon > 0)) {
            throw new ModelConfigException("bnEpsilon must be positive, got " + bnEpsilon);
        }
        head = head == null ? new HeadConfig(null, null, null) : head;
        numClasses = numClasses == null ? 400 : numClasses;
        if (numClasses < 1) {
            throw new ModelConfigException("numClasses must be positive");
        }
    }

    /** The same network with {@code classes} outputs (fine-tuning on another label set). */
    public NetworkConfig withNumClasses(int classes) {
        return new NetworkConfig(
                depth, blocks, baseWidth, arch, conv1, pool1, pool2, inflate, nonLocal, bnEpsilon, head, classes);
    }

    /** The same network with another classifier head. */
    public NetworkConfig withHead(HeadConfig newHead) {
        return new NetworkConfig(
                depth, blocks, baseWidth, arch, conv1, pool1, pool2, inflate, nonLocal, bnEpsilon, newHead, numClasses);
    }

    /** Inner (bottleneck) width of stage {@code s} (0 = res2 .. 3 = res5): {@code baseWidth * 2^s}. */
    public int innerWidth(int s) {
        return baseWidth << s;
    }

    /** Output width of stage {@code s} (0 = res2 .. 3 = res5): 4 times its inner width. */
    public int outWidth(int s) {
        return 4 * innerWidth(s);
    }

    /** Width of the pool5 feature: the output width of res5 (2048 for ResNet-50/101). */
    public int featureWidth() {
        return outWidth(STAGES - 1);
    }

    /** Temporal kernel (3 or 1) of conv a in block {@code b} of stage {@code s} (0 = res2). */
    public int temporalKernel(int s, int b) {
        return inflate.get(s).get(b) == 1 ? 3 : 1;
    }

    /** Whether a non-local block follows block {@code b} of stage {@code s} (0 = res2). */
    public boolean nonLocalAfter(int s, int b) {
        return nonLocal.positions().get(s).contains(b);
    }

    /** Number of non-local blocks in the network. */
    public int nonLocalCount() {
        return nonLocal.positions().stream().mapToInt(List::size).sum();
    }

    /**
     * The inflation pattern of the paper's code ({@code resnet_video_org.py}, {@code use_temp_convs_*}):
     * res2 all blocks, res3/res4 every other block from the first, res5 the middle block
     * ({@code [0,1,0]}); nothing for C2D.
     */
    static List<List<Integer>> defaultInflate(Arch arch, List<Integer> blocks) {
        List<List<Integer>> out = new ArrayList<>();
        for (int s = 0; s < STAGES; s++) {
            List<Integer> stage = new ArrayList<>();
            for (int b = 0; b < blocks.get(s); b++) {
                int on = switch (s) {
                    case 0 -> 1;
                    case 3 -> b % 2;
                    default -> 1 - b % 2;
                };
                stage.add(arch == Arch.I3D ? on : 0);
            }
            out.add(List.copyOf(stage));
        }
        return List.copyOf(out);
    }

    static List<List<Integer>> copyNested(List<List<Integer>> in) {
        List<List<Integer>> out = new ArrayList<>();
        for (List<Integer> l : in) {
            out.add(l == null ? List.of() : List.copyOf(l));
        }
        return List.copyOf(out);
    }

    private static void checkPerBlock(String what, List<List<Integer>> lists, List<Integer> blocks, boolean flags) {
        if (lists.size() != STAGES) {
            throw new ModelConfigException(what + " needs 4 lists (res2..res5), got " + lists.size());
        }
        for (int s = 0; s < STAGES; s++) {
            List<Integer> l = lists.get(s);
            if (flags && l.size() != blocks.get(s)) {
                throw new ModelConfigException(String.format(
                        "%s of res%d has %d entries for %d blocks", what, s + 2, l.size(), blocks.get(s)));
            }
            for (Integer v : l) {
                boolean ok = v != null && (flags ? (v == 0 || v == 1) : (v >= 0 && v < blocks.get(s)));
                if (!ok) {
                    throw new ModelConfigException(String.format(
                            "%s of res%d has invalid entry %s (res%d has %d blocks)",
                            what, s + 2, v, s + 2, blocks.get(s)));
                }
            }
        }
    }

    /** Three non-negative integers (t, h, w). */
    static List<Integer> triple(List<Integer> v, String what) {
        if (v == null || v.size() != 3 || v.stream().anyMatch(x -> x == null || x < 0)) {
            throw new ModelConfigException(what + " must be 3 non-negative integers (t, h, w), got " + v);
        }
        return List.copyOf(v);
    }

    /** Backbone flavour: C2D keeps every kernel 2D, I3D inflates some to 3x1x1 (paper, section 4). */
    public enum Arch {
        @JsonProperty("c2d")
        C2D,
        @JsonProperty("i3d")
        I3D
    }

    /**
     * A 3D convolution's geometry, each a (t, h, w) triple.
     *
     * @param kernel kernel extents, each at least 1
     * @param stride strides, each at least 1
     * @param padding zero padding on both sides
     */
    public record Conv(List<Integer> kernel, List<Integer> stride, List<Integer> padding) {
        static Conv withDefaults(Conv c, List<Integer> kernel, List<Integer> stride) {
            List<Integer> k = triple(c == null || c.kernel == null ? kernel : c.kernel, "conv1.kernel");
            List<Integer> s = triple(c == null || c.stride == null ? stride : c.stride, "conv1.stride");
            List<Integer> p = c == null || c.padding == null
                    ? List.of(k.get(0) / 2, k.get(1) / 2, k.get(2) / 2)
                    : triple(c.padding, "conv1.padding");
            if (k.contains(0) || s.contains(0)) {
                throw new ModelConfigException("conv1: kernel and stride must be >= 1");
            }
            return new Conv(k, s, p);
        }
    }

    /**
     * A max pool's geometry, each a (t, h, w) triple (floor mode, as Caffe2, PyTorch and DJL).
     *
     * @param kernel window extents, each at least 1
     * @param stride strides, default the kernel
     * @param padding padding on both sides, at most half the kernel; default 0
     */
    public record Pool(List<Integer> kernel, List<Integer> stride, List<Integer> padding) {
        public Pool {
            kernel = triple(kernel, "pool kernel");
            stride = stride == null ? kernel : triple(stride, "pool stride");
            padding = padding == null ? List.of(0, 0, 0) : triple(padding, "pool padding");
        }

        void check(String what) {
            for (int i = 0; i < 3; i++) {
                if (kernel.get(i) < 1 || stride.get(i) < 1 || 2 * padding.get(i) > kernel.get(i)) {
                    throw new ModelConfigException(what + ": kernel/stride must be >= 1 and padding <= kernel/2");
                }
            }
        }
    }
}
