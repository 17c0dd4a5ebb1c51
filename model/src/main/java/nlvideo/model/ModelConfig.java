package nlvideo.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything that fixes the shape and arithmetic of one NL-I3D network and the input it expects,
 * read from a YAML preset ({@code conf/models/NAME.yaml}).
 *
 * <p>Published checkpoints differ in details that change the numbers (first max pool padding,
 * non-local sub-sampling order and scale, BN epsilon, normalisation), so every such detail is a
 * field here rather than an assumption in the blocks. Missing fields take the defaults of the
 * paper's Caffe2 code (facebookresearch/video-nonlocal-net, {@code resnet_video_org.py}).
 *
 * @param name preset name
 * @param source where the architecture comes from ("caffe2", "pyslowfast", "mmaction2", "test")
 * @param depth ResNet depth 50 or 101 (ignored when {@code blocks} is given)
 * @param blocks explicit bottleneck count per stage res2..res5
 * @param baseWidth stem width and res2 inner width (64 for ResNet); stage i has inner width
 *     {@code baseWidth * 2^i} and output width 4 times that
 * @param arch C2D (2D kernels only) or I3D (3x1x1 inflation)
 * @param conv1 stem convolution; kernel defaults to 1x7x7 (C2D) or 5x7x7 (I3D), padding to k/2
 * @param pool1 max pool after conv1
 * @param pool2 max pool after res2, null in YAML means the default 2x1x1 stride 2x1x1
 * @param inflate per stage, per block: 1 = temporal kernel 3 on conv a, 0 = kernel 1
 * @param nonLocal non-local blocks and their instantiation
 * @param bnEpsilon epsilon of every backbone BN
 * @param head classifier head
 * @param numClasses number of classes
 * @param input input protocol the weights were trained and tested with
 */
public record ModelConfig(
        String name,
        String source,
        Integer depth,
        List<Integer> blocks,
        Integer baseWidth,
        Arch arch,
        Conv conv1,
        Pool pool1,
        Pool pool2,
        List<List<Integer>> inflate,
        NonLocal nonLocal,
        Double bnEpsilon,
        Head head,
        Integer numClasses,
        Input input) {

    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Number of residual stages (res2..res5). */
    public static final int STAGES = 4;

    public ModelConfig {
        name = name == null ? "unnamed" : name;
        source = source == null ? "caffe2" : source;
        if (blocks == null) {
            depth = depth == null ? 50 : depth;
            blocks = switch (depth) {
                case 50 -> List.of(3, 4, 6, 3);
                case 101 -> List.of(3, 4, 23, 3);
                default -> throw new ModelConfigException(name + ": depth must be 50 or 101, got " + depth);
            };
        } else {
            if (blocks.size() != STAGES || blocks.stream().anyMatch(b -> b == null || b < 1)) {
                throw new ModelConfigException(name + ": blocks must list 4 positive counts, got " + blocks);
            }
            blocks = List.copyOf(blocks);
        }
        baseWidth = baseWidth == null ? 64 : baseWidth;
        if (baseWidth < 1) {
            throw new ModelConfigException(name + ": baseWidth must be positive");
        }
        arch = arch == null ? Arch.I3D : arch;
        int kt = arch == Arch.I3D ? 5 : 1;
        conv1 = Conv.withDefaults(conv1, List.of(kt, 7, 7), List.of(2, 2, 2), name);
        pool1 = pool1 == null ? new Pool(List.of(2, 3, 3), List.of(2, 2, 2), List.of(0, 0, 0)) : pool1;
        pool1.check(name + ": pool1");
        pool2 = pool2 == null ? new Pool(List.of(2, 1, 1), List.of(2, 1, 1), List.of(0, 0, 0)) : pool2;
        pool2.check(name + ": pool2");
        inflate = inflate == null ? defaultInflate(arch, blocks) : copyNested(inflate);
        checkPerBlock(name, "inflate", inflate, blocks, true);
        nonLocal = nonLocal == null ? NonLocal.none() : nonLocal;
        checkPerBlock(name, "nonLocal.positions", nonLocal.positions(), blocks, false);
        bnEpsilon = bnEpsilon == null ? 1e-5 : bnEpsilon;
        head = head == null ? new Head(null, null, null) : head;
        numClasses = numClasses == null ? 400 : numClasses;
        if (numClasses < 1) {
            throw new ModelConfigException(name + ": numClasses must be positive");
        }
        input = input == null ? new Input(null, null, null, null, null, null, null, null) : input;
    }

    /** Reads a config from YAML text; {@link ModelConfigException} names what is wrong. */
    public static ModelConfig parse(String yaml) {
        try {
            return YAML.readValue(yaml, ModelConfig.class);
        } catch (JsonProcessingException e) {
            throw new ModelConfigException("invalid model config: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads a config from a YAML stream. */
    public static ModelConfig read(InputStream in, String origin) {
        try {
            return YAML.readValue(in, ModelConfig.class);
        } catch (IOException e) {
            throw new ModelConfigException("invalid model config " + origin + ": " + e.getMessage(), e);
        }
    }

    /** Reads a config from a YAML file. */
    public static ModelConfig load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new ModelConfigException("cannot read model config " + file + ": " + e.getMessage(), e);
        }
    }

    /** The config as YAML (round-trips through {@link #parse}). */
    public String toYaml() {
        try {
            return YAML.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy with another class count (fine-tuning, tests). */
    public ModelConfig withNumClasses(int classes) {
        return new ModelConfig(
                name, source, depth, blocks, baseWidth, arch, conv1, pool1, pool2, inflate, nonLocal, bnEpsilon, head,
                classes, input);
    }

    /** A copy with another head. */
    public ModelConfig withHead(Head newHead) {
        return new ModelConfig(
                name,
                source,
                depth,
                blocks,
                baseWidth,
                arch,
                conv1,
                pool1,
                pool2,
                inflate,
                nonLocal,
                bnEpsilon,
                newHead,
                numClasses,
                input);
    }

    /** Inner (bottleneck) width of stage {@code s} (0 = res2). */
    public int innerWidth(int s) {
        return baseWidth << s;
    }

    /** Output width of stage {@code s} (0 = res2). */
    public int outWidth(int s) {
        return 4 * innerWidth(s);
    }

    /** Width of the pool5 feature (2048 for ResNet-50/101). */
    public int featureWidth() {
        return outWidth(STAGES - 1);
    }

    /** Temporal kernel of conv a in block {@code b} of stage {@code s}. */
    public int temporalKernel(int s, int b) {
        return inflate.get(s).get(b) == 1 ? 3 : 1;
    }

    /** Whether a non-local block follows block {@code b} of stage {@code s}. */
    public boolean nonLocalAfter(int s, int b) {
        return nonLocal.positions().get(s).contains(b);
    }

    /** Number of non-local blocks in the network. */
    public int nonLocalCount() {
        return nonLocal.positions().stream().mapToInt(List::size).sum();
    }

    /** Input shape of one clip batch: (batch, 3, frames, crop, crop). */
    public long[] inputShape(int batch) {
        return new long[] {batch, 3, input.frames(), input.crop(), input.crop()};
    }

    /**
     * The inflation pattern of the paper's code: res2 all blocks, res3/res4 every other block from
     * the first, res5 the middle block ({@code [0,1,0]}); nothing for C2D.
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

    private static List<List<Integer>> copyNested(List<List<Integer>> in) {
        List<List<Integer>> out = new ArrayList<>();
        for (List<Integer> l : in) {
            out.add(l == null ? List.of() : List.copyOf(l));
        }
        return List.copyOf(out);
    }

    private static void checkPerBlock(
            String name, String what, List<List<Integer>> lists, List<Integer> blocks, boolean flags) {
        if (lists.size() != STAGES) {
            throw new ModelConfigException(name + ": " + what + " needs 4 lists (res2..res5), got " + lists.size());
        }
        for (int s = 0; s < STAGES; s++) {
            List<Integer> l = lists.get(s);
            if (flags && l.size() != blocks.get(s)) {
                throw new ModelConfigException(String.format(
                        "%s: %s of res%d has %d entries for %d blocks", name, what, s + 2, l.size(), blocks.get(s)));
            }
            for (Integer v : l) {
                boolean ok = flags ? (v == 0 || v == 1) : (v >= 0 && v < blocks.get(s));
                if (!ok) {
                    throw new ModelConfigException(String.format(
                            "%s: %s of res%d has invalid entry %d (res%d has %d blocks)",
                            name, what, s + 2, v, s + 2, blocks.get(s)));
                }
            }
        }
    }

    private static List<Integer> triple(List<Integer> v, String what) {
        if (v == null || v.size() != 3 || v.stream().anyMatch(x -> x == null || x < 0)) {
            throw new ModelConfigException(what + " must be 3 non-negative integers (t, h, w), got " + v);
        }
        return List.copyOf(v);
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String text) {
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw new ModelConfigException(
                    "unknown " + type.getSimpleName() + " '" + text + "', expected one of " + names);
        }
    }

    private static String enumText(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Backbone flavour: C2D keeps every kernel 2D, I3D inflates some to 3x1x1. */
    public enum Arch {
        C2D,
        I3D;

        @JsonCreator
        static Arch of(String s) {
            return parseEnum(Arch.class, s);
        }

        @JsonValue
        String text() {
            return enumText(this);
        }
    }

    /** Pairwise function f of the non-local block (paper, section 3.2). */
    public enum Instantiation {
        /** softmax(theta(x_i)^T phi(x_j)), optionally scaled by 1/sqrt(d) before the softmax. */
        EMBEDDED_GAUSSIAN,
        /** theta(x_i)^T phi(x_j) / N. */
        DOT_PRODUCT,
        /** softmax(x_i^T x_j): no theta/phi embeddings. */
        GAUSSIAN,
        /** ReLU(w^T [theta(x_i), phi(x_j)]) / N. */
        CONCATENATION;

        @JsonCreator
        static Instantiation of(String s) {
            return parseEnum(Instantiation.class, s);
        }

        @JsonValue
        String text() {
            return enumText(this);
        }
    }

    /**
     * Where the key/value sub-sampling pool sits. The paper's code and PySlowFast pool x before the
     * phi/g convolutions; mmaction2 (mmcv NonLocal3d) pools their outputs.
     */
    public enum SubsampleOrder {
        POOL_FIRST,
        CONV_FIRST;

        @JsonCreator
        static SubsampleOrder of(String s) {
            return parseEnum(SubsampleOrder.class, s);
        }

        @JsonValue
        String text() {
            return enumText(this);
        }
    }

    /** Classifier head at test time. */
    public enum HeadType {
        /** Global average pool, dropout, FC: logits. */
        GLOBAL_AVERAGE,
        /**
         * The reference code's fully-convolutional test head: average pool with a fixed kernel
         * (stride 1), FC applied at every remaining position, softmax per position, then the mean:
         * class probabilities, not logits.
         */
        FULLY_CONVOLUTIONAL;

        @JsonCreator
        static HeadType of(String s) {
            return parseEnum(HeadType.class, s);
        }

        @JsonValue
        String text() {
            return enumText(this);
        }
    }

    /** How clips are placed in a video at test time, after the code base the weights come from. */
    public enum Sampling {
        CAFFE2,
        PYSLOWFAST,
        MMACTION2;

        @JsonCreator
        static Sampling of(String s) {
            return parseEnum(Sampling.class, s);
        }

        @JsonValue
        String text() {
            return enumText(this);
        }
    }

    /** Pixel normalisation the weights expect (RGB order, 0..255 input). */
    public enum Normalization {
        /** mean 114.75, std 57.375 on every channel (Caffe2 and PySlowFast weights). */
        GREY(new float[] {114.75f, 114.75f, 114.75f}, new float[] {57.375f, 57.375f, 57.375f}),
        /** ImageNet per-channel statistics (mmaction2 weights). */
        IMAGENET(new float[] {123.675f, 116.28f, 103.53f}, new float[] {58.395f, 57.12f, 57.375f});

        private final float[] mean;
        private final float[] std;

        Normalization(float[] mean, float[] std) {
            this.mean = mean;
            this.std = std;
        }

        /** Per-channel mean, RGB. */
        public float[] mean() {
            return mean.clone();
        }

        /** Per-channel standard deviation, RGB. */
        public float[] std() {
            return std.clone();
        }

        @JsonCreator
        static Normalization of(String s) {
            return parseEnum(Normalization.class, s);
        }

        @JsonValue
        String text() {
            return enumText(this);
        }
    }

    /** A 3D convolution's geometry (t, h, w). */
    public record Conv(List<Integer> kernel, List<Integer> stride, List<Integer> padding) {
        static Conv withDefaults(Conv c, List<Integer> kernel, List<Integer> stride, String name) {
            List<Integer> k = triple(c == null || c.kernel == null ? kernel : c.kernel, name + ": conv1.kernel");
            List<Integer> s = triple(c == null || c.stride == null ? stride : c.stride, name + ": conv1.stride");
            List<Integer> p = c == null || c.padding == null
                    ? List.of(k.get(0) / 2, k.get(1) / 2, k.get(2) / 2)
                    : triple(c.padding, name + ": conv1.padding");
            return new Conv(k, s, p);
        }
    }

    /** A max pool's geometry (t, h, w); padding defaults to 0. */
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

    /**
     * Non-local blocks.
     *
     * @param positions per stage res2..res5, indices of the blocks after which a non-local block runs
     * @param instantiation pairwise function
     * @param scale embedded Gaussian / Gaussian: multiply theta^T phi by 1/sqrt(d) before softmax
     * @param subsample key/value sub-sampling max pool; absent in YAML = no sub-sampling
     * @param reduction inner width = channels / reduction (2 in every published model)
     * @param outBias whether W_z has a bias (mmaction2: no, since a BN follows)
     * @param bnEpsilon epsilon of the BN after W_z
     */
    public record NonLocal(
            List<List<Integer>> positions,
            Instantiation instantiation,
            Boolean scale,
            Subsample subsample,
            Integer reduction,
            Boolean outBias,
            Double bnEpsilon) {
        public NonLocal {
            positions = positions == null ? List.of(List.of(), List.of(), List.of(), List.of()) : copyNested(positions);
            instantiation = instantiation == null ? Instantiation.EMBEDDED_GAUSSIAN : instantiation;
            scale = scale == null ? Boolean.TRUE : scale;
            reduction = reduction == null ? 2 : reduction;
            if (reduction < 1) {
                throw new ModelConfigException("nonLocal.reduction must be positive");
            }
            outBias = outBias == null ? Boolean.TRUE : outBias;
            bnEpsilon = bnEpsilon == null ? 1e-5 : bnEpsilon;
        }

        static NonLocal none() {
            return new NonLocal(null, null, null, null, null, null, null);
        }
    }

    /** Key/value sub-sampling: max pool with kernel = stride, applied before or after phi/g. */
    public record Subsample(List<Integer> kernel, SubsampleOrder order) {
        public Subsample {
            kernel = kernel == null ? List.of(1, 2, 2) : triple(kernel, "nonLocal.subsample.kernel");
            if (kernel.stream().anyMatch(k -> k < 1)) {
                throw new ModelConfigException("nonLocal.subsample.kernel must be >= 1");
            }
            order = order == null ? SubsampleOrder.POOL_FIRST : order;
        }
    }

    /**
     * Classifier head.
     *
     * @param type global average (logits) or fully convolutional (mean of per-position softmax)
     * @param dropout dropout rate before the FC (identity at inference)
     * @param poolKernel fully convolutional head: average pool kernel (t, h, w), stride 1; each
     *     extent is clipped to the res5 map when the input is smaller than the preset's
     */
    public record Head(HeadType type, Double dropout, List<Integer> poolKernel) {
        public Head {
            type = type == null ? HeadType.GLOBAL_AVERAGE : type;
            dropout = dropout == null ? 0.5 : dropout;
            if (dropout < 0 || dropout >= 1) {
                throw new ModelConfigException("head.dropout must be in [0, 1)");
            }
            poolKernel = poolKernel == null ? List.of(4, 7, 7) : triple(poolKernel, "head.poolKernel");
        }
    }

    /**
     * Input protocol.
     *
     * @param frames frames per clip (T)
     * @param stride frame interval between sampled frames
     * @param shortSide short side the frames are resized to
     * @param crop spatial crop (square) fed to the network at test time
     * @param clips clips per video at test time
     * @param crops spatial crops per clip at test time
     * @param sampling clip placement convention
     * @param normalization pixel normalisation
     */
    public record Input(
            Integer frames,
            Integer stride,
            Integer shortSide,
            Integer crop,
            Integer clips,
            Integer crops,
            Sampling sampling,
            Normalization normalization) {
        public Input {
            frames = frames == null ? 32 : frames;
            stride = stride == null ? 2 : stride;
            shortSide = shortSide == null ? 256 : shortSide;
            crop = crop == null ? 224 : crop;
            clips = clips == null ? 10 : clips;
            crops = crops == null ? 3 : crops;
            sampling = sampling == null ? Sampling.CAFFE2 : sampling;
            normalization = normalization == null ? Normalization.GREY : normalization;
            if (frames < 1 || stride < 1 || shortSide < 1 || crop < 1 || clips < 1 || crops < 1) {
                throw new ModelConfigException("input: frames, stride, shortSide, crop, clips, crops must be positive");
            }
        }
    }
}
