package nlvideo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * The layout changes storage only: shape and every value by index stay as they were, checked
 * element by element against index arithmetic written here.
 */
class ChannelsLastTest {
    private static final int N = 2;
    private static final int C = 3;
    private static final int T = 2;
    private static final int H = 3;
    private static final int W = 4;

    @Test
    void keepsShapeAndValues() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.arange(0f, N * C * T * H * W).reshape(N, C, T, H, W);
            NDArray y = ChannelsLast.of(x);
            assertEquals(x.getShape(), y.getShape());
            assertArrayEquals(x.toFloatArray(), y.toFloatArray(), 0f);
            assertArrayEquals(x.toFloatArray(), ChannelsLast.of(y).toFloatArray(), 0f, "converting twice");
        }
    }

    @Test
    void positionsAreRowsOfChannelsInEitherLayout() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.arange(0f, N * C * T * H * W).reshape(N, C, T, H, W);
            int positions = T * H * W;
            float[] want = new float[N * positions * C];
            for (int n = 0; n < N; n++) {
                for (int p = 0; p < positions; p++) {
                    for (int c = 0; c < C; c++) {
                        want[(n * positions + p) * C + c] = (n * C + c) * positions + p; // x[n][c][p]
                    }
                }
            }
            for (NDArray in : new NDArray[] {x, ChannelsLast.of(x)}) {
                NDArray rows = ChannelsLast.positions(in);
                assertEquals(new Shape(N, positions, C), rows.getShape());
                assertArrayEquals(want, rows.toFloatArray(), 0f);
                NDArray back = ChannelsLast.fromPositions(rows, x.getShape());
                assertEquals(x.getShape(), back.getShape());
                assertArrayEquals(x.toFloatArray(), back.toFloatArray(), 0f, "fromPositions inverts positions");
            }
        }
    }
}
