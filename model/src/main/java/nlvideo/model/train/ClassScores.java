package nlvideo.model.train;

/** Softmax, cross-entropy and arg-max of one clip's logits, in double precision. */
public final class ClassScores {
    private ClassScores() {}

    /** Numerically stable softmax (shifted by the maximum), in double: K probabilities summing to 1. */
    public static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double z = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            z += p[i] = Math.exp(logits[i] - max);
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= z;
        }
        return p;
    }

    /** -log softmax(logits)[label]. */
    public static double crossEntropy(float[] logits, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double z = 0;
        for (float l : logits) {
            z += Math.exp(l - max);
        }
        return Math.log(z) + max - logits[label];
    }

    /** Index of the largest value (the first one on ties). */
    public static int argMax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
