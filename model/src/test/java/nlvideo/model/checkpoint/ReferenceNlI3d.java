package nlvideo.model.checkpoint;

import java.util.Map;

/**
 * An independent NL-I3D forward in plain Java loops (batch 1, double accumulation), written from
 * the paper and its Caffe2 code (resnet_video.py, resnet_helper.py, nonlocal_helper.py), reading
 * weights by their Caffe2 blob names. Used only to check the DJL network after import.
 */
final class ReferenceNlI3d {

    /** Everything the reference needs to know about the architecture. */
    record Spec(
            int[] blocks,
            int baseWidth,
            int[][] inflate,
            int[][] nonLocalAfter,
            int[] conv1Kernel,
            int[] conv1Stride,
            int[] conv1Pad,
            int[] pool1Kernel,
            int[] pool1Stride,
            int[] pool1Pad,
            int[] pool2Kernel,
            boolean dotProduct,
            boolean scale,
            boolean poolAfterConv,
            boolean outBias,
            double eps) {}

    /** A (C, T, H, W) feature map. */
    record Map4(float[] v, int c, int t, int h, int w) {
        float at(int ci, int ti, int hi, int wi) {
            return v[((ci * t + ti) * h + hi) * w + wi];
        }
    }

    private final Spec spec;
    private final Map<String, CheckpointTensor> blobs;

    ReferenceNlI3d(Spec spec, Map<String, CheckpointTensor> caffe2Blobs) {
        this.spec = spec;
        this.blobs = caffe2Blobs;
    }

    private float[] blob(String name) {
        CheckpointTensor t = blobs.get(name);
        if (t == null) {
            throw new IllegalArgumentException("reference needs blob " + name);
        }
        return t.data();
    }

    float[] logits(Map4 clip) {
        Map4 x = conv(clip, "conv1_w", null, spec.conv1Kernel(), spec.conv1Stride(), spec.conv1Pad());
        x = relu(bn(x, "res_conv1_bn"));
        x = maxPool(x, spec.pool1Kernel(), spec.pool1Stride(), spec.pool1Pad());
        int in = x.c();
        for (int s = 0; s < 4; s++) {
            int inner = spec.baseWidth() << s;
            int out = 4 * inner;
            for (int b = 0; b < spec.blocks()[s]; b++) {
                int stride = (s > 0 && b == 0) ? 2 : 1;
                x = bottleneck(x, "res" + (s + 2) + "_" + b, in, out, spec.inflate()[s][b] == 1 ? 3 : 1, stride);
                in = out;
                for (int nl : spec.nonLocalAfter()[s]) {
                    if (nl == b) {
                        x = nonLocal(x, "nonlocal_conv" + (s + 2) + "_" + b);
                    }
                }
            }
            if (s == 0) {
                x = maxPool(x, spec.pool2Kernel(), spec.pool2Kernel(), new int[] {0, 0, 0});
            }
        }
        // Global average pool, then FC.
        int positions = x.t() * x.h() * x.w();
        double[] feat = new double[x.c()];
        for (int c = 0; c < x.c(); c++) {
            for (int i = 0; i < positions; i++) {
                feat[c] += x.v()[c * positions + i];
            }
            feat[c] /= positions;
        }
        float[] w = blob("pred_w");
        float[] bias = blob("pred_b");
        float[] logits = new float[bias.length];
        for (int k = 0; k < bias.length; k++) {
            double acc = bias[k];
            for (int c = 0; c < feat.length; c++) {
                acc += w[k * feat.length + c] * feat[c];
            }
            logits[k] = (float) acc;
        }
        return logits;
    }

    private Map4 bottleneck(Map4 x, String p, int in, int out, int kt, int stride) {
        Map4 a = relu(bn(
                conv(x, p + "_branch2a_w", null, new int[] {kt, 1, 1}, new int[] {1, 1, 1}, new int[] {kt / 2, 0, 0}),
                p + "_branch2a_bn"));
        Map4 b = relu(bn(
                conv(a, p + "_branch2b_w", null, new int[] {1, 3, 3}, new int[] {1, stride, stride}, new int[] {0, 1, 1
                }),
                p + "_branch2b_bn"));
        Map4 c = bn(
                conv(b, p + "_branch2c_w", null, new int[] {1, 1, 1}, new int[] {1, 1, 1}, new int[] {0, 0, 0}),
                p + "_branch2c_bn");
        Map4 sc = (in == out && stride == 1)
                ? x
                : bn(
                        conv(x, p + "_branch1_w", null, new int[] {1, 1, 1}, new int[] {1, stride, stride}, new int[] {
                            0, 0, 0
                        }),
                        p + "_branch1_bn");
        float[] sum = new float[c.v().length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = Math.max(0f, c.v()[i] + sc.v()[i]);
        }
        return new Map4(sum, c.c(), c.t(), c.h(), c.w());
    }

    /** Non-local block, eq. (1) and (6) of the paper; sub-sampling by a 1x2x2 max pool. */
    private Map4 nonLocal(Map4 x, String p) {
        int[] one = {1, 1, 1};
        int[] zero = {0, 0, 0};
        int[] sub = {1, Math.min(2, x.h()), Math.min(2, x.w())};
        Map4 theta = conv(x, p + "_theta_w", p + "_theta_b", one, one, zero);
        Map4 phi;
        Map4 g;
        if (spec.poolAfterConv()) { // mmaction2: pool phi(x) and g(x)
            phi = maxPool(conv(x, p + "_phi_w", p + "_phi_b", one, one, zero), sub, sub, zero);
            g = maxPool(conv(x, p + "_g_w", p + "_g_b", one, one, zero), sub, sub, zero);
        } else { // paper's code, PySlowFast: pool x first
            Map4 pooled = maxPool(x, sub, sub, zero);
            phi = conv(pooled, p + "_phi_w", p + "_phi_b", one, one, zero);
            g = conv(pooled, p + "_g_w", p + "_g_b", one, one, zero);
        }
        int d = theta.c();
        int nq = theta.t() * theta.h() * theta.w();
        int nk = phi.t() * phi.h() * phi.w();
        float[] y = new float[d * nq];
        double[] f = new double[nk];
        for (int i = 0; i < nq; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < nk; j++) {
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += (double) theta.v()[c * nq + i] * phi.v()[c * nk + j];
                }
                f[j] = spec.scale() ? dot / Math.sqrt(d) : dot;
                max = Math.max(max, f[j]);
            }
            if (spec.dotProduct()) {
                for (int j = 0; j < nk; j++) {
                    f[j] /= nk;
                }
            } else {
                double z = 0;
                for (int j = 0; j < nk; j++) {
                    f[j] = Math.exp(f[j] - max);
                    z += f[j];
                }
                for (int j = 0; j < nk; j++) {
                    f[j] /= z;
                }
            }
            for (int c = 0; c < d; c++) {
                double acc = 0;
                for (int j = 0; j < nk; j++) {
                    acc += f[j] * g.v()[c * nk + j];
                }
                y[c * nq + i] = (float) acc;
            }
        }
        Map4 ym = new Map4(y, d, theta.t(), theta.h(), theta.w());
        Map4 wz = bn(conv(ym, p + "_out_w", spec.outBias() ? p + "_out_b" : null, one, one, zero), p + "_bn");
        float[] z = new float[x.v().length];
        for (int i = 0; i < z.length; i++) {
            z[i] = x.v()[i] + wz.v()[i];
        }
        return new Map4(z, x.c(), x.t(), x.h(), x.w());
    }

    private Map4 conv(Map4 x, String wName, String bName, int[] k, int[] s, int[] pad) {
        float[] w = blob(wName);
        float[] bias = bName == null ? null : blob(bName);
        int o = w.length / (x.c() * k[0] * k[1] * k[2]);
        int t = (x.t() + 2 * pad[0] - k[0]) / s[0] + 1;
        int h = (x.h() + 2 * pad[1] - k[1]) / s[1] + 1;
        int wd = (x.w() + 2 * pad[2] - k[2]) / s[2] + 1;
        float[] out = new float[o * t * h * wd];
        for (int oc = 0; oc < o; oc++) {
            for (int ot = 0; ot < t; ot++) {
                for (int oh = 0; oh < h; oh++) {
                    for (int ow = 0; ow < wd; ow++) {
                        double acc = bias == null ? 0 : bias[oc];
                        for (int ic = 0; ic < x.c(); ic++) {
                            for (int kt = 0; kt < k[0]; kt++) {
                                int it = ot * s[0] - pad[0] + kt;
                                if (it < 0 || it >= x.t()) {
                                    continue;
                                }
                                for (int kh = 0; kh < k[1]; kh++) {
                                    int ih = oh * s[1] - pad[1] + kh;
                                    if (ih < 0 || ih >= x.h()) {
                                        continue;
                                    }
                                    for (int kw = 0; kw < k[2]; kw++) {
                                        int iw = ow * s[2] - pad[2] + kw;
                                        if (iw < 0 || iw >= x.w()) {
                                            continue;
                                        }
                                        acc += (double) w[(((oc * x.c() + ic) * k[0] + kt) * k[1] + kh) * k[2] + kw]
                                                * x.at(ic, it, ih, iw);
                                    }
                                }
                            }
                        }
                        out[((oc * t + ot) * h + oh) * wd + ow] = (float) acc;
                    }
                }
            }
        }
        return new Map4(out, o, t, h, wd);
    }

    /** Test-mode BN: (x - rm) / sqrt(riv + eps) * s + b; riv is the running variance. */
    private Map4 bn(Map4 x, String p) {
        float[] s = blob(p + "_s");
        float[] b = blob(p + "_b");
        float[] rm = blob(p + "_rm");
        float[] riv = blob(p + "_riv");
        int n = x.t() * x.h() * x.w();
        float[] out = new float[x.v().length];
        for (int c = 0; c < x.c(); c++) {
            double scale = s[c] / Math.sqrt(riv[c] + spec.eps());
            for (int i = 0; i < n; i++) {
                out[c * n + i] = (float) ((x.v()[c * n + i] - rm[c]) * scale + b[c]);
            }
        }
        return new Map4(out, x.c(), x.t(), x.h(), x.w());
    }

    private static Map4 relu(Map4 x) {
        float[] out = new float[x.v().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(0f, x.v()[i]);
        }
        return new Map4(out, x.c(), x.t(), x.h(), x.w());
    }

    /** Max pool; padded positions never win (as in PyTorch and Caffe2). */
    private static Map4 maxPool(Map4 x, int[] k, int[] s, int[] pad) {
        int t = (x.t() + 2 * pad[0] - k[0]) / s[0] + 1;
        int h = (x.h() + 2 * pad[1] - k[1]) / s[1] + 1;
        int w = (x.w() + 2 * pad[2] - k[2]) / s[2] + 1;
        float[] out = new float[x.c() * t * h * w];
        for (int c = 0; c < x.c(); c++) {
            for (int ot = 0; ot < t; ot++) {
                for (int oh = 0; oh < h; oh++) {
                    for (int ow = 0; ow < w; ow++) {
                        float m = Float.NEGATIVE_INFINITY;
                        for (int kt = 0; kt < k[0]; kt++) {
                            for (int kh = 0; kh < k[1]; kh++) {
                                for (int kw = 0; kw < k[2]; kw++) {
                                    int it = ot * s[0] - pad[0] + kt;
                                    int ih = oh * s[1] - pad[1] + kh;
                                    int iw = ow * s[2] - pad[2] + kw;
                                    if (it >= 0 && it < x.t() && ih >= 0 && ih < x.h() && iw >= 0 && iw < x.w()) {
                                        m = Math.max(m, x.at(c, it, ih, iw));
                                    }
                                }
                            }
                        }
                        out[((c * t + ot) * h + oh) * w + ow] = m;
                    }
                }
            }
        }
        return new Map4(out, x.c(), t, h, w);
    }
}
