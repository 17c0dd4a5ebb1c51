package nlvideo.pipeline.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AveragePrecisionTest {

    @Test
    void handMadeRankings() {
        // ranks: +, -, +, -  -> precisions at positives 1/1 and 2/3
        double[] s = {0.9, 0.8, 0.7, 0.6};
        boolean[] y = {true, false, true, false};
        assertEquals((1.0 + 2.0 / 3) / 2, AveragePrecision.standard(s, y), 1e-12);
        assertEquals((1.0 + 2.0 / 3) / 2, AveragePrecision.charadesOfficial(s, y), 1e-12);
        assertEquals(1.0, AveragePrecision.standard(s, new boolean[] {true, true, false, false}), 1e-12);
        assertTrue(Double.isNaN(AveragePrecision.standard(s, new boolean[4])));
        assertTrue(Double.isNaN(AveragePrecision.charadesOfficial(s, new boolean[4])));
        assertThrows(IllegalArgumentException.class, () -> AveragePrecision.standard(s, new boolean[3]));
    }

    @Test
    void tiesAreWhereTheTwoFormsDiffer() {
        double[] s = {0.5, 0.5};
        // sklearn: one threshold holding both videos: precision 1/2 at recall 1
        assertEquals(0.5, AveragePrecision.standard(s, new boolean[] {true, false}), 1e-12);
        assertEquals(0.5, AveragePrecision.standard(s, new boolean[] {false, true}), 1e-12);
        // MATLAB's stable sort keeps input order among ties
        assertEquals(1.0, AveragePrecision.charadesOfficial(s, new boolean[] {true, false}), 1e-12);
        assertEquals(0.5, AveragePrecision.charadesOfficial(s, new boolean[] {false, true}), 1e-12);
    }

    @Test
    void agreesWithBruteForceOnRandomCases() {
        Random rnd = new Random(11);
        for (int t = 0; t < 300; t++) {
            int n = 1 + rnd.nextInt(25);
            double[] s = new double[n];
            boolean[] y = new boolean[n];
            for (int i = 0; i < n; i++) {
                s[i] = t % 2 == 0 ? rnd.nextInt(5) : rnd.nextDouble(); // half the cases full of ties
                y[i] = rnd.nextInt(3) == 0;
            }
            if (t % 7 == 0) {
                s[0] = Double.NEGATIVE_INFINITY;
            }
            assertEquals(BruteForceAp.sklearn(s, y), AveragePrecision.standard(s, y), 1e-12, "case " + t);
            assertEquals(BruteForceAp.matlab(s, y), AveragePrecision.charadesOfficial(s, y), 1e-12, "case " + t);
        }
    }
}
