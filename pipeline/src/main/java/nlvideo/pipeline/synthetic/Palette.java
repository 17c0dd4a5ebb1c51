package nlvideo.pipeline.synthetic;

import java.util.SplittableRandom;

/**
 * Random colours as packed 0xRRGGBB: muted ones for backgrounds and vivid ones for objects, the
 * latter kept far enough from the background that an object never melts into it.
 */
final class Palette {
    /** Least sum of absolute RGB differences between an object and each background colour. */
    static final int MIN_CONTRAST = 160;

    private Palette() {}

    static int muted(SplittableRandom random) {
        return hsv(random.nextDouble(), random.nextDouble(0.0, 0.45), random.nextDouble(0.25, 0.8));
    }

    /** A vivid colour at least {@link #MIN_CONTRAST} away from every colour in {@code avoid}. */
    static int vivid(SplittableRandom random, int... avoid) {
        int best = 0;
        int bestDistance = -1;
        for (int attempt = 0; attempt < 64; attempt++) {
            int c = attempt % 8 == 7
                    ? (random.nextBoolean() ? 0xF0F0F0 : 0x101010)
                    : hsv(random.nextDouble(), random.nextDouble(0.6, 1.0), random.nextDouble(0.55, 1.0));
            int d = Integer.MAX_VALUE;
            for (int a : avoid) {
                d = Math.min(d, distance(c, a));
            }
            if (d >= MIN_CONTRAST) {
                return c;
            }
            if (d > bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    static int distance(int a, int b) {
        return Math.abs(((a >> 16) & 0xFF) - ((b >> 16) & 0xFF))
                + Math.abs(((a >> 8) & 0xFF) - ((b >> 8) & 0xFF))
                + Math.abs((a & 0xFF) - (b & 0xFF));
    }

    static int hsv(double h, double s, double v) {
        double c = v * s;
        double hp = (h % 1.0) * 6.0;
        double x = c * (1 - Math.abs(hp % 2 - 1));
        double r, g, b;
        switch ((int) hp) {
            case 0 -> {
                r = c;
                g = x;
                b = 0;
            }
            case 1 -> {
                r = x;
                g = c;
                b = 0;
            }
            case 2 -> {
                r = 0;
                g = c;
                b = x;
            }
            case 3 -> {
                r = 0;
                g = x;
                b = c;
            }
            case 4 -> {
                r = x;
                g = 0;
                b = c;
            }
            default -> {
                r = c;
                g = 0;
                b = x;
            }
        }
        double m = v - c;
        return (channel(r + m) << 16) | (channel(g + m) << 8) | channel(b + m);
    }

    private static int channel(double v) {
        return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
    }
}
