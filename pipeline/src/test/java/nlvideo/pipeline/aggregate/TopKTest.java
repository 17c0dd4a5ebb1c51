package nlvideo.pipeline.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TopKTest {

    /** Selection by repeated scans: the best not yet taken, lowest index on ties. */
    private static int[] bySelection(float[] s, int k) {
        boolean[] taken = new boolean[s.length];
        int[] out = new int[Math.min(k, s.length)];
        for (int r = 0; r < out.length; r++) {
            int best = -1;
            for (int i = 0; i < s.length; i++) {
                if (!taken[i] && (best < 0 || s[i] > s[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            out[r] = best;
        }
        return out;
    }

    @Test
    void agreesWithSelectionOnRandomVectorsWithTies() {
        Random rnd = new Random(7);
        for (int t = 0; t < 200; t++) {
            float[] s = new float[1 + rnd.nextInt(30)];
            for (int i = 0; i < s.length; i++) {
                s[i] = rnd.nextInt(6); // many ties
            }
            int k = 1 + rnd.nextInt(8);
            assertArrayEquals(bySelection(s, k), TopK.indices(s, k));
        }
    }

    @Test
    void handMadeCases() {
        float[] s = {0.1f, 0.5f, Float.NaN, 0.5f, 0.3f};
        assertArrayEquals(new int[] {1, 3, 4, 0, 2}, TopK.indices(s, 10));
        assertEquals(1, TopK.argmax(s));
        assertTrue(TopK.contains(s, 2, 3));
        assertFalse(TopK.contains(s, 2, 4));
        assertThrows(IllegalArgumentException.class, () -> TopK.indices(s, 0));
    }
}
