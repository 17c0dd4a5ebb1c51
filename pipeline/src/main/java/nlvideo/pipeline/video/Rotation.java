package nlvideo.pipeline.video;

/**
 * Clockwise rotation of an interleaved RGB picture by 90, 180 or 270 degrees, to turn a phone
 * video's stored picture into the one its display matrix says to show (as FFmpeg's autorotate).
 */
final class Rotation {
    private Rotation() {}

    /** Rotates {@code src} (h rows of w RGB pixels) clockwise; the result has w rows of h pixels for 90/270. */
    static byte[] rotate(byte[] src, int w, int h, int degreesClockwise) {
        byte[] dst = new byte[src.length];
        switch (degreesClockwise) {
            case 90 -> { // dst is h wide, w tall: dst(x', y') = src(x = y', y = h - 1 - x')
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int s = (y * w + x) * 3;
                        int d = (x * h + (h - 1 - y)) * 3;
                        dst[d] = src[s];
                        dst[d + 1] = src[s + 1];
                        dst[d + 2] = src[s + 2];
                    }
                }
            }
            case 180 -> {
                int n = w * h;
                for (int p = 0; p < n; p++) {
                    int s = p * 3;
                    int d = (n - 1 - p) * 3;
                    dst[d] = src[s];
                    dst[d + 1] = src[s + 1];
                    dst[d + 2] = src[s + 2];
                }
            }
            case 270 -> { // dst(x', y') = src(x = w - 1 - y', y = x')
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int s = (y * w + x) * 3;
                        int d = ((w - 1 - x) * h + y) * 3;
                        dst[d] = src[s];
                        dst[d + 1] = src[s + 1];
                        dst[d + 2] = src[s + 2];
                    }
                }
            }
            default -> throw new IllegalArgumentException("rotation must be 90, 180 or 270, got " + degreesClockwise);
        }
        return dst;
    }
}
