package nlvideo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import java.util.Random;
import nlvideo.model.NonLocalConfig.Instantiation;
import nlvideo.model.NonLocalConfig.SubsampleOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the DJL non-local block against a plain-loop implementation of the paper's equations,
 * written here from the definitions (conv 1x1x1 = channel mixing, max pool, pairwise function,
 * weighted sum, W_z, BN with running statistics, residual), for every instantiation and every
 * sub-sampling choice. Float32 through PyTorch vs double here: agreement to 1e-4 relative.
 */
class NonLocalBlockTest {
    private static final int N = 2;
    private static final int C = 6;
    private static final int T = 2;
    private static final int H = 4;
    private static final int W = 4;

    static List<Arguments> cases() {
        List<Arguments> out = new java.util.ArrayList<>();
        for (Instantiation inst : Instantiation.values()) {
            for (String sub : new String[] {"none", "pool-first", "conv-first"}) {
                out.add(Arguments.of(inst, sub, true, true));
            }
        }
        out.add(Arguments.of(Instantiation.EMBEDDED_GAUSSIAN, "pool-first", false, true));
        out.add(Arguments.of(Instantiation.EMBEDDED_GAUSSIAN, "conv-first", false, false));
        out.add(Arguments.of(Instantiation.GAUSSIAN, "conv-first", false, false));
        return out;
    }

    /**
     * A new block is an identity (BN scale 0 after W_z, the paper code's NONLOCAL.BN_INIT_GAMMA) with
     * DJL's own initialisation as with {@link SeededWeights}: the block owns that, not the initialiser.
     */
    @ParameterizedTest
    @EnumSource(Instantiation.class)
    void startsAsAnIdentityWhateverInitialisesIt(Instantiation inst) {
        NonLocalConfig spec =
                new NonLocalConfig(null, inst, null, new NonLocalConfig.Subsample(null, null), 2, true, 1e-5);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NonLocalBlock block = new NonLocalBlock(C, spec);
            block.initialize(m, DataType.FLOAT32, new Shape(N, C, T, H, W));
            NDArray x = m.randomNormal(new Shape(N, C, T, H, W));
            float[] y = block.forward(new ParameterStore(m, false), new NDList(x), true)
                    .singletonOrThrow()
                    .toFloatArray();
            assertArrayEquals(x.toFloatArray(), y, 0f, inst + ": training-mode forward of a new block");
        }
        ModelConfig tiny = ModelPresets.load("tiny-nl-i3d");
        ModelConfig config = ModelConfig.parse(tiny.toYaml().replace("embedded-gaussian", ModelConfigYaml.text(inst)));
        try (ai.djl.Model model = NlI3d.newModel(config, Device.cpu())) {
            NlI3d net = (NlI3d) model.getBlock();
            float[] djl = net.namedParameters()
                    .get("res3.0.nonlocal.bn.gamma")
                    .getArray()
                    .toFloatArray();
            assertArrayEquals(new float[djl.length], djl, 0f, "DJL initialisation");
            SeededWeights.fill(net, 11);
            float[] seeded = net.namedParameters()
                    .get("res4.0.nonlocal.bn.gamma")
                    .getArray()
                    .toFloatArray();
            assertArrayEquals(new float[seeded.length], seeded, 0f, "seeded initialisation");
            float[] other =
                    net.namedParameters().get("res4.0.c.bn.gamma").getArray().toFloatArray();
            assertEquals(1f, other[0], "other BN scales start at 1");
        }
    }

    @ParameterizedTest(name = "{0} subsample={1} scale={2} outBias={3}")
    @MethodSource("cases")
    void matchesPlainLoops(Instantiation inst, String sub, boolean scale, boolean outBias) {
        NonLocalConfig.Subsample subsample = sub.equals("none")
                ? null
                : new NonLocalConfig.Subsample(List.of(1, 2, 2), ModelConfigYaml.enumValue(SubsampleOrder.class, sub));
        NonLocalConfig spec = new NonLocalConfig(null, inst, scale, subsample, 2, outBias, 1e-5);
        Random rnd = new Random(42);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NonLocalBlock block = new NonLocalBlock(C, spec);
            block.initialize(m, DataType.FLOAT32, new Shape(N, C, T, H, W));
            Map<String, Parameter> params = ParameterNames.of(block);
            for (Parameter p : params.values()) {
                float[] v = new float[(int) p.getShape().size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = p.getName().equals("runningVar")
                            ? 0.5f + rnd.nextFloat()
                            : (float) rnd.nextGaussian() * 0.5f;
                }
                p.getArray().set(v);
            }
            float[] x = new float[N * C * T * H * W];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rnd.nextGaussian();
            }
            NDArray input = m.create(x, new Shape(N, C, T, H, W));
            double[] want = reference(x, params, inst, subsample, scale, outBias);
            double maxAbs = 0;
            for (double w : want) {
                maxAbs = Math.max(maxAbs, Math.abs(w));
            }
            // in the network the block sees channels-last maps (NlI3d.features); alone, either layout
            for (NDArray in : List.of(input, ChannelsLast.of(input))) {
                String layout = in == input ? "default layout" : "channels-last";
                float[] got = block.forward(new ParameterStore(m, false), new NDList(in), false)
                        .singletonOrThrow()
                        .toFloatArray();
                assertEquals(want.length, got.length);
                for (int i = 0; i < want.length; i++) {
                    assertEquals(want[i], got[i], 1e-4 * Math.max(1, maxAbs), layout + ", element " + i);
                }
            }
            // the non-local term is not negligible, so the check above tests it
            double diff = 0;
            for (int i = 0; i < x.length; i++) {
                diff = Math.max(diff, Math.abs(want[i] - x[i]));
            }
            assertTrue(diff > 0.1, "non-local response too small to test: " + diff);
        }
    }

    // ---- plain-loop reference; arrays are [n][channel][position], position = (t*H + h)*W + w ----

    private static double[] reference(
            float[] xf,
            Map<String, Parameter> p,
            Instantiation inst,
            NonLocalConfig.Subsample sub,
            boolean scale,
            boolean outBias) {
        int d = C / 2;
        int q = T * H * W;
        double[][][] x = new double[N][C][q];
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < C; c++) {
                for (int i = 0; i < q; i++) {
                    x[n][c][i] = xf[(n * C + c) * q + i];
                }
            }
        }
        boolean poolFirst = sub != null && sub.order() == SubsampleOrder.POOL_FIRST;
        boolean poolAfter = sub != null && sub.order() == SubsampleOrder.CONV_FIRST;
        double[][][] keysIn = poolFirst ? pool(x) : x;
        double[][][] theta;
        double[][][] phi;
        if (inst == Instantiation.GAUSSIAN) {
            theta = x;
            phi = sub != null ? pool(x) : x;
        } else {
            theta = conv(x, p, "theta", d, true);
            phi = conv(keysIn, p, "phi", d, true);
            if (poolAfter) {
                phi = pool(phi);
            }
        }
        double[][][] g = conv(keysIn, p, "g", d, true);
        if (poolAfter) {
            g = pool(g);
        }
        int k = g[0][0].length;
        int dq = theta[0].length;
        double[][][] y = new double[N][d][q];
        for (int n = 0; n < N; n++) {
            for (int i = 0; i < q; i++) {
                double[] f = new double[k];
                for (int j = 0; j < k; j++) {
                    if (inst == Instantiation.CONCATENATION) {
                        float[] w = p.get("concat.weight").getArray().toFloatArray();
                        double s = 0;
                        for (int c = 0; c < d; c++) {
                            s += w[c] * theta[n][c][i] + w[d + c] * phi[n][c][j];
                        }
                        f[j] = Math.max(0, s) / k;
                    } else {
                        double s = 0;
                        for (int c = 0; c < dq; c++) {
                            s += theta[n][c][i] * phi[n][c][j];
                        }
                        f[j] = s;
                    }
                }
                if (inst == Instantiation.DOT_PRODUCT) {
                    for (int j = 0; j < k; j++) {
                        f[j] /= k;
                    }
                } else if (inst != Instantiation.CONCATENATION) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < k; j++) {
                        f[j] *= scale ? 1 / Math.sqrt(dq) : 1;
                        max = Math.max(max, f[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < k; j++) {
                        f[j] = Math.exp(f[j] - max);
                        sum += f[j];
                    }
                    for (int j = 0; j < k; j++) {
                        f[j] /= sum;
                    }
                }
                for (int c = 0; c < d; c++) {
                    double s = 0;
                    for (int j = 0; j < k; j++) {
                        s += f[j] * g[n][c][j];
                    }
                    y[n][c][i] = s;
                }
            }
        }
        double[][][] wz = conv(y, p, "out", C, outBias);
        float[] gamma = p.get("bn.gamma").getArray().toFloatArray();
        float[] beta = p.get("bn.beta").getArray().toFloatArray();
        float[] mean = p.get("bn.runningMean").getArray().toFloatArray();
        float[] var = p.get("bn.runningVar").getArray().toFloatArray();
        double[] z = new double[N * C * q];
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < C; c++) {
                for (int i = 0; i < q; i++) {
                    double bn = (wz[n][c][i] - mean[c]) / Math.sqrt(var[c] + 1e-5) * gamma[c] + beta[c];
                    z[(n * C + c) * q + i] = x[n][c][i] + bn;
                }
            }
        }
        return z;
    }

    private static double[][][] conv(double[][][] x, Map<String, Parameter> p, String name, int out, boolean bias) {
        float[] w = p.get(name + ".weight").getArray().toFloatArray();
        float[] b = bias ? p.get(name + ".bias").getArray().toFloatArray() : new float[out];
        int in = x[0].length;
        int q = x[0][0].length;
        double[][][] y = new double[x.length][out][q];
        for (int n = 0; n < x.length; n++) {
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < q; i++) {
                    double s = b[o];
                    for (int c = 0; c < in; c++) {
                        s += w[o * in + c] * x[n][c][i];
                    }
                    y[n][o][i] = s;
                }
            }
        }
        return y;
    }

    /** Max pool 1x2x2, stride 1x2x2, over (T, H, W). */
    private static double[][][] pool(double[][][] x) {
        int h2 = H / 2;
        int w2 = W / 2;
        double[][][] y = new double[x.length][x[0].length][T * h2 * w2];
        for (int n = 0; n < x.length; n++) {
            for (int c = 0; c < x[0].length; c++) {
                for (int t = 0; t < T; t++) {
                    for (int h = 0; h < h2; h++) {
                        for (int w = 0; w < w2; w++) {
                            double m = Double.NEGATIVE_INFINITY;
                            for (int dh = 0; dh < 2; dh++) {
                                for (int dw = 0; dw < 2; dw++) {
                                    m = Math.max(m, x[n][c][(t * H + 2 * h + dh) * W + 2 * w + dw]);
                                }
                            }
                            y[n][c][(t * h2 + h) * w2 + w] = m;
                        }
                    }
                }
            }
        }
        return y;
    }
}
