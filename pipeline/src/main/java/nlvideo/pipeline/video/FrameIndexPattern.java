package nlvideo.pipeline.video;

/**
 * Draws a frame's index into the picture as a 4 x 4 grid of black and white blocks, and reads it
 * back. Big blocks survive lossy codecs, scaling and cropping of a few pixels, so a test can prove
 * which source frame a decoder returned. 12 bits carry the index (0..4095) and 4 bits a check
 * value, so a misread (a wrong rotation, a blend of two frames) shows as -1 instead of a wrong
 * number.
 */
public final class FrameIndexPattern {
    public static final int MAX_INDEX = 4095;
    private static final int GRID = 4;

    private FrameIndexPattern() {}

    /** The 16-bit code drawn for {@code index}: index in the high 12 bits, check in the low 4. */
    static int code(int index) {
        if (index < 0 || index > MAX_INDEX) {
            throw new IllegalArgumentException("index must be in 0.." + MAX_INDEX + ", got " + index);
        }
        return (index << 4) | check(index);
    }

    private static int check(int index) {
        return (index ^ (index >> 4) ^ (index >> 8) ^ 0x5) & 0xF;
    }

    /** Fills an RGB (H x W x 3, interleaved) picture with the pattern of {@code index}. */
    public static void encode(int index, byte[] rgb, int width, int height) {
        int code = code(index);
        for (int y = 0; y < height; y++) {
            int cy = Math.min(y * GRID / height, GRID - 1);
            for (int x = 0; x < width; x++) {
                int cx = Math.min(x * GRID / width, GRID - 1);
                int bit = (code >> (15 - (cy * GRID + cx))) & 1;
                byte v = (byte) (bit == 1 ? 255 : 0);
                int p = (y * width + x) * 3;
                rgb[p] = v;
                rgb[p + 1] = v;
                rgb[p + 2] = v;
            }
        }
    }

    /** The index drawn in an RGB picture, or -1 if the blocks do not form a valid code. */
    public static int decode(byte[] rgb, int width, int height) {
        int code = 0;
        for (int cy = 0; cy < GRID; cy++) {
            for (int cx = 0; cx < GRID; cx++) {
                // average the middle half of the block, away from edges blurred by the codec
                int x0 = (cx * 4 + 1) * width / (4 * GRID);
                int x1 = Math.max(x0 + 1, (cx * 4 + 3) * width / (4 * GRID));
                int y0 = (cy * 4 + 1) * height / (4 * GRID);
                int y1 = Math.max(y0 + 1, (cy * 4 + 3) * height / (4 * GRID));
                long sum = 0;
                int n = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        int p = (y * width + x) * 3;
                        sum += (rgb[p] & 0xff) + (rgb[p + 1] & 0xff) + (rgb[p + 2] & 0xff);
                        n += 3;
                    }
                }
                code = (code << 1) | (sum > 128L * n ? 1 : 0);
            }
        }
        int index = code >> 4;
        return (code & 0xF) == check(index) ? index : -1;
    }
}
