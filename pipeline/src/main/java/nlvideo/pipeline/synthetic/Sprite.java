package nlvideo.pipeline.synthetic;

/**
 * One object as drawn in one frame: a {@link Shape} of the given colour, centred at (x, y)
 * pixels, scaled to {@code radius} pixels, turned clockwise (on screen) by {@code angle} radians,
 * and blended over what lies beneath with {@code opacity} in [0, 1].
 */
public record Sprite(Shape shape, int rgb, double x, double y, double radius, double angle, double opacity) {

    /** Sub-samples per pixel side: edges are anti-aliased, so sub-pixel motion changes pixels. */
    private static final int SUPERSAMPLE = 3;

    /** The same sprite centred at ({@code nx}, {@code ny}) pixels. */
    public Sprite at(double nx, double ny) {
        return new Sprite(shape, rgb, nx, ny, radius, angle, opacity);
    }

    /** The same sprite scaled to {@code r} pixels. */
    public Sprite withRadius(double r) {
        return new Sprite(shape, rgb, x, y, r, angle, opacity);
    }

    /** The same sprite turned by {@code a} radians (clockwise on screen). */
    public Sprite withAngle(double a) {
        return new Sprite(shape, rgb, x, y, radius, a, opacity);
    }

    /** The same sprite with opacity {@code o} in [0, 1]. */
    public Sprite withOpacity(double o) {
        return new Sprite(shape, rgb, x, y, radius, angle, o);
    }

    /** Blends this sprite into {@code canvas} (height x width x 3 floats in 0..255, interleaved). */
    public void paint(float[] canvas, int width, int height) {
        if (opacity <= 0 || radius <= 0) {
            return;
        }
        int x0 = Math.max(0, (int) Math.floor(x - radius));
        int x1 = Math.min(width - 1, (int) Math.ceil(x + radius));
        int y0 = Math.max(0, (int) Math.floor(y - radius));
        int y1 = Math.min(height - 1, (int) Math.ceil(y + radius));
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        float r = (rgb >> 16) & 0xFF;
        float g = (rgb >> 8) & 0xFF;
        float b = rgb & 0xFF;
        double step = 1.0 / SUPERSAMPLE;
        for (int py = y0; py <= y1; py++) {
            for (int px = x0; px <= x1; px++) {
                int inside = 0;
                for (int sy = 0; sy < SUPERSAMPLE; sy++) {
                    double dy = py + (sy + 0.5) * step - 0.5 - y;
                    for (int sx = 0; sx < SUPERSAMPLE; sx++) {
                        double dx = px + (sx + 0.5) * step - 0.5 - x;
                        // undo the clockwise turn, then the scale
                        double ux = (dx * cos + dy * sin) / radius;
                        double uy = (-dx * sin + dy * cos) / radius;
                        if (shape.contains(ux, uy)) {
                            inside++;
                        }
                    }
                }
                if (inside == 0) {
                    continue;
                }
                float a = (float) (opacity * inside / (SUPERSAMPLE * SUPERSAMPLE));
                int o = (py * width + px) * 3;
                canvas[o] += a * (r - canvas[o]);
                canvas[o + 1] += a * (g - canvas[o + 1]);
                canvas[o + 2] += a * (b - canvas[o + 2]);
            }
        }
    }
}
