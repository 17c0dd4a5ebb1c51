package nlvideo.model.checkpoint;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameter naming of each published code base, mapped onto the network's dotted names
 * ({@code nlvideo.model.NlI3d}: {@code stem.conv.weight}, {@code res4.3.nonlocal.theta.bias},
 * {@code res3.0.shortcut.bn.runningVar}, {@code head.fc.weight}, ...).
 *
 * <ul>
 *   <li>{@link #CAFFE2}, the paper's code (video-nonlocal-net): {@code conv1_w},
 *       {@code res_conv1_bn_{s,b,rm,riv}}, {@code res3_0_branch2a_w}, {@code res3_0_branch1_bn_s},
 *       {@code nonlocal_conv4_3_theta_w}, {@code nonlocal_conv4_3_bn_riv}, {@code pred_w}.
 *       {@code _riv} holds the running <em>variance</em> despite its name (bn_helper.py feeds the
 *       variance into it; Caffe2's SpatialBN test mode divides by sqrt(riv + eps)).</li>
 *   <li>{@link #PYSLOWFAST}: the same network renamed by its c2_model_loading.py table:
 *       {@code s1.pathway0_stem.conv.weight}, {@code s3.pathway0_res0.branch2.a_bn.running_var},
 *       {@code s3.pathway0_res0.branch1.weight}, {@code s4.pathway0_nonlocal3.conv_theta.weight},
 *       {@code s4.pathway0_nonlocal3.bn.weight} (newer code: {@code .norm.}),
 *       {@code head.projection.weight}.</li>
 *   <li>{@link #MMACTION2} (ResNet3d + mmcv NonLocal3d): {@code backbone.conv1.conv.weight},
 *       {@code backbone.layer2.1.conv1.bn.running_mean}, {@code backbone.layer1.0.downsample.conv.weight},
 *       {@code backbone.layer2.1.non_local_block.g.0.conv.weight} ({@code .0.} when sub-sampling
 *       wraps the conv with its pool), {@code ...non_local_block.conv_out.bn.weight},
 *       {@code cls_head.fc_cls.weight}.</li>
 *   <li>{@link #TORCHVISION}, 2D ImageNet ResNets ({@code torchvision.models.resnet}, Bottleneck
 *       v1.5): {@code conv1.weight}, {@code bn1.running_var}, {@code layer2.0.conv1.weight} (conv a),
 *       {@code layer2.0.bn3.bias} (conv c), {@code layer2.0.downsample.0.weight} (shortcut conv),
 *       {@code layer2.0.downsample.1.weight} (shortcut BN), {@code fc.weight}. Their 2D kernels are
 *       inflated on import ({@link CheckpointImport#map}).</li>
 * </ul>
 * {@link #networkName} returns null for entries that are not network parameters (momentum
 * buffers, {@code num_batches_tracked}, {@code lr}, {@code model_iter}, ...).
 */
public enum SourceLayout {
    CAFFE2 {
        @Override
        public String networkName(String name) {
            if (name.equals("conv1_w")) {
                return "stem.conv.weight";
            }
            if (name.startsWith("res_conv1_bn_")) {
                return bn("stem", name.substring("res_conv1_bn_".length()), C2_BN);
            }
            if (name.equals("pred_w") || name.equals("pred_b")) {
                return "head.fc." + (name.endsWith("_w") ? "weight" : "bias");
            }
            Matcher m = C2_RES.matcher(name);
            if (m.matches()) {
                String block =
                        "res" + m.group(1) + "." + m.group(2) + "." + (m.group(3) == null ? "shortcut" : m.group(3));
                return m.group(4).equals("w")
                        ? block + ".conv.weight"
                        : m.group(4).startsWith("bn_") ? bn(block, m.group(4).substring(3), C2_BN) : null;
            }
            m = C2_NONLOCAL.matcher(name);
            if (m.matches()) {
                String block = "res" + m.group(1) + "." + m.group(2) + ".nonlocal.";
                String rest = m.group(3);
                if (rest.startsWith("bn_")) {
                    return bn(block.substring(0, block.length() - 1), rest.substring(3), C2_BN);
                }
                Matcher c = C2_CONV.matcher(rest);
                return c.matches() ? block + c.group(1) + (c.group(2).equals("w") ? ".weight" : ".bias") : null;
            }
            return null;
        }
    },
    PYSLOWFAST {
        @Override
        public String networkName(String name) {
            String n = stripModule(name);
            if (n.startsWith("s1.pathway0_stem.conv.")) {
                return n.endsWith(".weight") ? "stem.conv.weight" : null;
            }
            if (n.startsWith("s1.pathway0_stem.bn.")) {
                return bn("stem", n.substring("s1.pathway0_stem.bn.".length()), TORCH_BN);
            }
            if (n.startsWith("head.projection.")) {
                return param("head.fc", n.substring("head.projection.".length()));
            }
            Matcher m = SF_RES.matcher(n);
            if (m.matches()) {
                String block = "res" + m.group(1) + "." + m.group(2) + ".";
                String conv = m.group(3).equals("branch1") ? "shortcut" : m.group(4);
                block += conv;
                return m.group(5) != null
                        ? bn(block, m.group(6), TORCH_BN)
                        : m.group(6).equals("weight") ? block + ".conv.weight" : null;
            }
            m = SF_NONLOCAL.matcher(n);
            if (m.matches()) {
                String block = "res" + m.group(1) + "." + m.group(2) + ".nonlocal";
                String part = m.group(3);
                if (part.equals("bn") || part.equals("norm")) {
                    return bn(block, m.group(4), TORCH_BN);
                }
                return param(block + "." + part.substring("conv_".length()), m.group(4));
            }
            return null;
        }
    },
    MMACTION2 {
        @Override
        public String networkName(String name) {
            String n = stripModule(name);
            if (n.startsWith("cls_head.fc_cls.")) {
                return param("head.fc", n.substring("cls_head.fc_cls.".length()));
            }
            if (n.startsWith("backbone.conv1.")) {
                return convModule("stem", n.substring("backbone.conv1.".length()));
            }
            Matcher m = MM_LAYER.matcher(n);
            if (!m.matches()) {
                return null;
            }
            String block = "res" + (Integer.parseInt(m.group(1)) + 1) + "." + m.group(2);
            String rest = m.group(3);
            Matcher c = MM_CONV.matcher(rest);
            if (c.matches()) {
                String unit = c.group(1).equals("downsample")
                        ? "shortcut"
                        : "abc".substring(c.group(1).charAt(4) - '1', c.group(1).charAt(4) - '0');
                return convModule(block + "." + unit, c.group(2));
            }
            Matcher nl = MM_NONLOCAL.matcher(rest);
            if (nl.matches()) {
                String target = block + ".nonlocal";
                String part = nl.group(1);
                String tail = nl.group(2);
                if (part.equals("conv_out")) {
                    if (tail.startsWith("bn.")) {
                        return bn(target, tail.substring(3), TORCH_BN);
                    }
                    return tail.startsWith("conv.") ? param(target + ".out", tail.substring(5)) : null;
                }
                if (part.equals("concat_project")) {
                    return tail.equals("conv.weight") ? target + ".concat.weight" : null;
                }
                return tail.startsWith("conv.") ? param(target + "." + part, tail.substring(5)) : null;
            }
            return null;
        }
    },
    TORCHVISION {
        @Override
        public String networkName(String name) {
            String n = stripModule(name);
            if (n.equals("conv1.weight")) {
                return "stem.conv.weight";
            }
            if (n.startsWith("bn1.")) {
                return bn("stem", n.substring("bn1.".length()), TORCH_BN);
            }
            if (n.startsWith("fc.")) {
                return param("head.fc", n.substring("fc.".length()));
            }
            Matcher m = TV_LAYER.matcher(n);
            if (!m.matches()) {
                return null;
            }
            String block = "res" + (Integer.parseInt(m.group(1)) + 1) + "." + m.group(2) + ".";
            String unit = m.group(3);
            String rest = m.group(4);
            return switch (unit) {
                case "conv1", "conv2", "conv3" ->
                    rest.equals("weight") ? block + "abc".charAt(unit.charAt(4) - '1') + ".conv.weight" : null;
                case "bn1", "bn2", "bn3" -> bn(block + "abc".charAt(unit.charAt(2) - '1'), rest, TORCH_BN);
                case "downsample.0" -> rest.equals("weight") ? block + "shortcut.conv.weight" : null;
                case "downsample.1" -> bn(block + "shortcut", rest, TORCH_BN);
                default -> null;
            };
        }
    };

    /** The network parameter this checkpoint entry fills, or null when it fills none. */
    public abstract String networkName(String name);

    private static final Map<String, String> C2_BN =
            Map.of("s", "gamma", "b", "beta", "rm", "runningMean", "riv", "runningVar");
    private static final Map<String, String> TORCH_BN =
            Map.of("weight", "gamma", "bias", "beta", "running_mean", "runningMean", "running_var", "runningVar");

    private static final Pattern C2_RES = Pattern.compile("res(\\d)_(\\d+)_branch(?:2([abc])|1)_(w|bn_\\w+)");
    private static final Pattern C2_NONLOCAL = Pattern.compile("nonlocal_conv(\\d)_(\\d+)_(\\w+)");
    private static final Pattern C2_CONV = Pattern.compile("(theta|phi|g|out)_([wb])");
    private static final Pattern SF_RES =
            Pattern.compile("s(\\d)\\.pathway0_res(\\d+)\\.(branch1|branch2\\.([abc]))(_bn)?\\.(\\w+)");
    private static final Pattern SF_NONLOCAL = Pattern.compile(
            "s(\\d)\\.pathway0_nonlocal(\\d+)\\.(conv_theta|conv_phi|conv_g|conv_out|bn|norm)\\.(\\w+)");
    private static final Pattern MM_LAYER = Pattern.compile("backbone\\.layer(\\d)\\.(\\d+)\\.(.+)");
    private static final Pattern MM_CONV = Pattern.compile("(conv[123]|downsample)\\.(.+)");
    private static final Pattern TV_LAYER =
            Pattern.compile("layer(\\d)\\.(\\d+)\\.(conv[123]|bn[123]|downsample\\.[01])\\.(\\w+)");
    private static final Pattern MM_NONLOCAL =
            Pattern.compile("non_local_block\\.(theta|phi|g|conv_out|concat_project)(?:\\.0)?\\.(.+)");

    private static String bn(String block, String stat, Map<String, String> names) {
        String p = names.get(stat);
        return p == null ? null : block + ".bn." + p;
    }

    private static String param(String block, String suffix) {
        return suffix.equals("weight") || suffix.equals("bias") ? block + "." + suffix : null;
    }

    /** mmcv ConvModule: {@code conv.weight} and {@code bn.*}. */
    private static String convModule(String block, String suffix) {
        if (suffix.equals("conv.weight")) {
            return block + ".conv.weight";
        }
        return suffix.startsWith("bn.") ? bn(block, suffix.substring(3), TORCH_BN) : null;
    }

    /** DataParallel checkpoints prefix every name with {@code module.}. */
    private static String stripModule(String name) {
        return name.startsWith("module.") ? name.substring("module.".length()) : name;
    }

    /** Guesses the layout from the names a PyTorch checkpoint holds. */
    public static SourceLayout detectTorch(Iterable<String> names) throws CheckpointFormatException {
        for (String raw : names) {
            String n = stripModule(raw);
            if (n.startsWith("s1.pathway0_stem.") || n.startsWith("head.projection.")) {
                return PYSLOWFAST;
            }
            if (n.startsWith("backbone.") || n.startsWith("cls_head.")) {
                return MMACTION2;
            }
            if (n.startsWith("layer1.") || n.equals("conv1.weight")) {
                return TORCHVISION;
            }
        }
        throw new CheckpointFormatException(
                "cannot tell the checkpoint's layout: neither PySlowFast (s1.pathway0_stem...), mmaction2"
                        + " (backbone...) nor torchvision ResNet (conv1, layer1...) names");
    }
}
