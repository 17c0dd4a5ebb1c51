package nlvideo.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The update against PyTorch's SGD formula written out in plain Java, over several steps. */
class MomentumSgdTest {

    @Test
    void updatesFollowTheMomentumFormulaAndSkipDecayOnBatchNorm() {
        double lr = 0.1, momentum = 0.9, decay = 0.01;
        float[] w0 = {0.5f, -1.0f, 2.0f};
        float[] x = {1.0f, 2.0f, -3.0f};
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, Parameter> params = new LinkedHashMap<>();
            params.put("fc.weight", param("weight", m.create(w0)));
            params.put("bn.gamma", param("gamma", m.create(w0)));
            double[][] expected = {toDouble(w0), toDouble(w0)};
            double[][] v = new double[2][3];
            try (MomentumSgd sgd = new MomentumSgd(m, momentum, decay)) {
                for (int step = 0; step < 3; step++) {
                    // loss = sum(w * x)^2 / 2 for each parameter: gradient (w . x) x
                    try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                        for (Parameter p : params.values()) {
                            NDArray dot = p.getArray().mul(m.create(x)).sum();
                            c.backward(dot.mul(dot).div(2));
                        }
                    }
                    for (int k = 0; k < 2; k++) {
                        double dot = 0;
                        for (int i = 0; i < 3; i++) {
                            dot += expected[k][i] * x[i];
                        }
                        for (int i = 0; i < 3; i++) {
                            double g = dot * x[i] + (k == 0 ? decay * expected[k][i] : 0);
                            v[k][i] = momentum * v[k][i] + g;
                        }
                        for (int i = 0; i < 3; i++) {
                            expected[k][i] -= lr * v[k][i];
                        }
                    }
                    sgd.step(params, lr);
                    int k = 0;
                    for (Parameter p : params.values()) {
                        float[] got = p.getArray().toFloatArray();
                        for (int i = 0; i < 3; i++) {
                            assertEquals(expected[k][i], got[i], 1e-5, "step " + step + " " + p.getName());
                        }
                        k++;
                    }
                }
                assertEquals(2, sgd.buffers().size());
                assertEquals((float) v[0][1], sgd.buffers().get("fc.weight").data()[1], 1e-5);
            }
        }
    }

    @Test
    void aNonFiniteGradientStopsTrainingNamingItsParameterAndChangesNoWeight() {
        float[] w0 = {0.5f, -1.0f, 2.0f};
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, Parameter> params = new LinkedHashMap<>();
            params.put("res2.0.conv_a.weight", param("weight", m.create(w0)));
            params.put("res4.1.nonlocal.theta.weight", param("weight", m.create(w0)));
            // loss = sum(w * x): the gradient is x, finite for the first, NaN and inf for the second
            float[][] x = {{1f, 2f, 3f}, {1f, Float.NaN, Float.POSITIVE_INFINITY}};
            try (MomentumSgd sgd = new MomentumSgd(m, 0.9, 0.0)) {
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    int k = 0;
                    for (Parameter p : params.values()) {
                        c.backward(p.getArray().mul(m.create(x[k++])).sum());
                    }
                }
                TrainingDivergedException e =
                        assertThrows(TrainingDivergedException.class, () -> sgd.step(params, 0.05));
                assertTrue(e.getMessage().contains("res4.1.nonlocal.theta.weight"), e.getMessage());
                assertTrue(e.getMessage().contains("1 NaN and 1 infinite"), e.getMessage());
                for (Parameter p : params.values()) {
                    assertArrayEquals(w0, p.getArray().toFloatArray(), p.getName() + " unchanged");
                }
            }
        }
    }

    private static Parameter param(String name, NDArray value) {
        Parameter p =
                Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        p.setArray(value);
        value.setRequiresGradient(true);
        return p;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
