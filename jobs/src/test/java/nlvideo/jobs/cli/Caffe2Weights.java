package nlvideo.jobs.cli;

import ai.djl.Device;
import ai.djl.Model;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nlvideo.model.ModelConfig;
import nlvideo.model.NlI3d;
import nlvideo.model.checkpoint.CheckpointFiles;
import nlvideo.model.checkpoint.CheckpointTensor;
import nlvideo.model.checkpoint.WeightConverter;

/**
 * Random weights for a preset's network, kept under the network's names, and written as the
 * paper's Caffe2 code publishes them (blob names written here from that code's naming, not from
 * SourceLayout), so the commands are exercised on a real checkpoint file.
 */
final class Caffe2Weights {

    private static final Map<String, String> BN =
            Map.of("gamma", "s", "beta", "b", "runningMean", "rm", "runningVar", "riv");
    private static final Pattern RES =
            Pattern.compile("res(\\d)\\.(\\d+)\\.(a|b|c|shortcut)\\.(conv\\.weight|bn\\.(\\w+))");
    private static final Pattern NONLOCAL =
            Pattern.compile("res(\\d)\\.(\\d+)\\.nonlocal\\.(theta|phi|g|out|bn)\\.(\\w+)");

    private Caffe2Weights() {}

    /** Network name to tensor: He-scaled conv weights, BN statistics near their trained ranges. */
    static Map<String, CheckpointTensor> random(ModelConfig config, long seed) {
        Map<String, long[]> shapes;
        try (Model model = NlI3d.newModel(config, Device.cpu())) {
            shapes = WeightConverter.shapes((NlI3d) model.getBlock());
        }
        Random rnd = new Random(seed);
        Map<String, CheckpointTensor> w = new LinkedHashMap<>();
        shapes.forEach((name, shape) -> {
            float[] v = new float[(int) CheckpointTensor.numel(shape)];
            long fanIn = v.length / shape[0];
            for (int i = 0; i < v.length; i++) {
                double g = rnd.nextGaussian();
                v[i] = (float)
                        (name.endsWith(".gamma")
                                ? 1 + 0.2 * g
                                : name.endsWith(".runningVar")
                                        ? 0.5 + rnd.nextDouble()
                                        : name.endsWith(".weight") && shape.length > 1
                                                ? g * Math.sqrt(2.0 / fanIn)
                                                : 0.1 * g);
            }
            w.put(name, new CheckpointTensor(shape, v, "float32"));
        });
        return w;
    }

    /** Writes {@code weights} (network names) as a Python 2 Caffe2 pickle, plus {@code extras} under their own names. */
    static Path write(Path file, Map<String, CheckpointTensor> weights, Map<String, CheckpointTensor> extras)
            throws Exception {
        Map<String, CheckpointTensor> blobs = new LinkedHashMap<>();
        weights.forEach((name, t) -> blobs.put(caffe2Name(name), t));
        blobs.putAll(extras);
        CheckpointFiles.writeCaffe2(file, blobs, CheckpointFiles.Caffe2Style.PY2);
        return file;
    }

    static String caffe2Name(String name) {
        if (name.equals("stem.conv.weight")) {
            return "conv1_w";
        }
        if (name.startsWith("stem.bn.")) {
            return "res_conv1_bn_" + BN.get(name.substring("stem.bn.".length()));
        }
        if (name.startsWith("head.fc.")) {
            return name.endsWith("weight") ? "pred_w" : "pred_b";
        }
        Matcher m = RES.matcher(name);
        if (m.matches()) {
            String branch = m.group(3).equals("shortcut") ? "branch1" : "branch2" + m.group(3);
            String p = "res" + m.group(1) + "_" + m.group(2) + "_" + branch;
            return m.group(5) == null ? p + "_w" : p + "_bn_" + BN.get(m.group(5));
        }
        m = NONLOCAL.matcher(name);
        if (m.matches()) {
            String p = "nonlocal_conv" + m.group(1) + "_" + m.group(2) + "_";
            return m.group(3).equals("bn")
                    ? p + "bn_" + BN.get(m.group(4))
                    : p + m.group(3) + (m.group(4).equals("weight") ? "_w" : "_b");
        }
        throw new IllegalArgumentException("no Caffe2 name for " + name);
    }
}
