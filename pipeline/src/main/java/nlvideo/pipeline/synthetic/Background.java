package nlvideo.pipeline.synthetic;

import java.util.SplittableRandom;

/**
 * A static texture (two colours mixed by a sum of random oriented waves: stripes, checks or
 * blobs) under fresh per-frame noise, so that no pixel is constant and an object cannot be found
 * by exact comparison with one frame.
 */
public final class Background {
    private final int width;
    private final int height;
    private final float[] texture;
    private final float noise;
    private final long noiseSeed;
    private final int[] colours;

    private Background(int width, int height, float[] texture, float noise, long noiseSeed, int[] colours) {
        this.width = width;
        this.height = height;
        this.texture = texture;
        this.noise = noise;
        this.noiseSeed = noiseSeed;
        this.colours = colours;
    }

    static Background random(SplittableRandom random, int width, int height) {
        int c1 = Palette.muted(random);
        int c2 = Palette.muted(random);
        int waves = 1 + random.nextInt(3);
        double[] fx = new double[waves], fy = new double[waves], phase = new double[waves];
        for (int i = 0; i < waves; i++) {
            double angle = random.nextDouble(Math.PI);
            double cycles = random.nextDouble(1.0, 6.0) / Math.max(width, height);
            fx[i] = 2 * Math.PI * cycles * Math.cos(angle);
            fy[i] = 2 * Math.PI * cycles * Math.sin(angle);
            phase[i] = random.nextDouble(2 * Math.PI);
        }
        boolean hard = random.nextInt(3) == 0; // stripes and checks rather than soft blobs
        float[] tex = new float[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = 1;
                double s = 0;
                for (int i = 0; i < waves; i++) {
                    double w = Math.sin(fx[i] * x + fy[i] * y + phase[i]);
                    v *= w;
                    s += w;
                }
                double mix = hard ? (v >= 0 ? 1 : 0) : 0.5 + 0.5 * s / waves;
                int o = (y * width + x) * 3;
                for (int ch = 0; ch < 3; ch++) {
                    int shift = 16 - 8 * ch;
                    float a = (c1 >> shift) & 0xFF;
                    float b = (c2 >> shift) & 0xFF;
                    tex[o + ch] = (float) (a + mix * (b - a));
                }
            }
        }
        float noise = (float) random.nextDouble(2.0, 12.0);
        return new Background(width, height, tex, noise, random.nextLong(), new int[] {c1, c2});
    }

    /** The two texture colours and their even mix: objects must stand out from all three. */
    int[] colours() {
        int mix = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            mix |= ((((colours[0] >> shift) & 0xFF) + ((colours[1] >> shift) & 0xFF)) / 2) << shift;
        }
        return new int[] {colours[0], colours[1], mix};
    }

    /** Writes the texture of frame {@code frame} (without noise) into {@code canvas}. */
    void paint(float[] canvas) {
        System.arraycopy(texture, 0, canvas, 0, texture.length);
    }

    /**
     * Adds frame {@code frame}'s noise (uniform in +-noise, seeded per frame so that any frame can
     * be drawn on its own) and rounds to bytes.
     */
    void finish(float[] canvas, int frame, byte[] rgb) {
        SplittableRandom r = new SplittableRandom(noiseSeed ^ (0x9E3779B97F4A7C15L * (frame + 1)));
        for (int i = 0; i < width * height * 3; i++) {
            float v = canvas[i] + noise * (float) (2 * r.nextDouble() - 1);
            rgb[i] = (byte) Math.max(0, Math.min(255, Math.round(v)));
        }
    }
}
