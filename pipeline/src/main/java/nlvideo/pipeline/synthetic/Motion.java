package nlvideo.pipeline.synthetic;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The forward processes behind the classes. Each draws its random parameters (shape, colour, size,
 * start, speed, ...) once per video and then places its objects at any time u in [0, 1]. A class
 * and its opposite share one motion and differ only in the direction of time, so that frame by
 * frame, and as an unordered set of frames, the two look alike.
 *
 * <p>Sizes scale with the frame side S. Per-frame steps stay small enough (turns under 9 degrees
 * per frame at 32 frames, so under 17 between the frames of a stride-2 clip, well below the 45
 * degrees at which a 4-fold symmetric shape's turn becomes ambiguous) that the direction stays
 * unambiguous, and large enough for a small network at 56 pixels to see.
 */
public enum Motion {
    /** One object crosses 35-60% of the frame rightwards, drifting a little vertically. */
    TRANSLATE_RIGHT {
        @Override
        Actors draw(SplittableRandom random, int size, int[] avoid) {
            double r = random.nextDouble(0.08, 0.15) * size;
            double d = random.nextDouble(0.35, 0.6) * size;
            double x0 = random.nextDouble(r, size - r - d);
            double y0 = random.nextDouble(r, size - r);
            double dy = clampTravel(y0, random.nextDouble(-0.2, 0.2) * d, r, size);
            Sprite s = new Sprite(anyShape(random), Palette.vivid(random, avoid), x0, y0, r, angle(random), 1.0);
            return u -> List.of(s.at(x0 + d * u, y0 + dy * u));
        }
    },
    /** One object grows to 2-3 times its radius, as if approaching. */
    GROW {
        @Override
        Actors draw(SplittableRandom random, int size, int[] avoid) {
            double r1 = random.nextDouble(0.18, 0.28) * size;
            double r0 = r1 / random.nextDouble(2.0, 3.0);
            double[] c = place(random, r1, size);
            double[] drift = drift(random, c, r1, size);
            Sprite s = new Sprite(anyShape(random), Palette.vivid(random, avoid), c[0], c[1], r0, angle(random), 1.0);
            return u -> List.of(s.at(c[0] + drift[0] * u, c[1] + drift[1] * u).withRadius(r0 + (r1 - r0) * u));
        }
    },
    /**
     * One visibly oriented, large object turns clockwise on screen by 180-270 degrees (at 90-180
     * degrees on a smaller object, a small network could not tell the direction).
     */
    TURN_CLOCKWISE {
        @Override
        Actors draw(SplittableRandom random, int size, int[] avoid) {
            Shape[] oriented = {Shape.SQUARE, Shape.TRIANGLE, Shape.DIAMOND, Shape.CROSS, Shape.ELL};
            Shape shape = oriented[random.nextInt(oriented.length)];
            double r = random.nextDouble(0.22, 0.32) * size;
            double turn = random.nextDouble(1.0, 1.5) * Math.PI;
            double[] c = place(random, r, size);
            double[] drift = drift(random, c, r, size);
            double a0 = angle(random);
            Sprite s = new Sprite(shape, Palette.vivid(random, avoid), c[0], c[1], r, a0, 1.0);
            return u -> List.of(s.at(c[0] + drift[0] * u, c[1] + drift[1] * u).withAngle(a0 + turn * u));
        }
    },
    /** Two objects that start touching move apart along a random axis. */
    PART {
        @Override
        Actors draw(SplittableRandom random, int size, int[] avoid) {
            double ra = random.nextDouble(0.07, 0.12) * size;
            double rb = random.nextDouble(0.07, 0.12) * size;
            double rm = Math.max(ra, rb);
            double theta = random.nextDouble(2 * Math.PI);
            double cos = Math.cos(theta);
            double sin = Math.sin(theta);
            double s0 = (ra + rb) * random.nextDouble(0.9, 1.1);
            // the widest separation that still keeps both objects inside the frame on this axis
            double room = (size - 2 * rm) / Math.max(Math.abs(cos), Math.abs(sin));
            double s1 = Math.min(random.nextDouble(0.55, 0.8) * size, room);
            double mx = random.nextDouble(rm + Math.abs(cos) * s1 / 2, size - rm - Math.abs(cos) * s1 / 2 + 1e-9);
            double my = random.nextDouble(rm + Math.abs(sin) * s1 / 2, size - rm - Math.abs(sin) * s1 / 2 + 1e-9);
            int ca = Palette.vivid(random, avoid);
            int cb = Palette.vivid(random, avoid);
            Sprite a = new Sprite(anyShape(random), ca, mx, my, ra, angle(random), 1.0);
            Sprite b = new Sprite(anyShape(random), cb, mx, my, rb, angle(random), 1.0);
            return u -> {
                double h = (s0 + (s1 - s0) * u) / 2;
                return List.of(a.at(mx - h * cos, my - h * sin), b.at(mx + h * cos, my + h * sin));
            };
        }
    },
    /** One object fades in from nothing to fully opaque. */
    FADE_IN {
        @Override
        Actors draw(SplittableRandom random, int size, int[] avoid) {
            double r = random.nextDouble(0.1, 0.2) * size;
            double[] c = place(random, r, size);
            double[] drift = drift(random, c, r, size);
            double start = random.nextDouble(0.0, 0.25);
            double end = random.nextDouble(0.6, 1.0);
            Sprite s = new Sprite(anyShape(random), Palette.vivid(random, avoid), c[0], c[1], r, angle(random), 0.0);
            return u -> {
                double t = Math.max(0, Math.min(1, (u - start) / (end - start)));
                return List.of(s.at(c[0] + drift[0] * u, c[1] + drift[1] * u).withOpacity(t * t * (3 - 2 * t)));
            };
        }
    };

    /**
     * Draws one video's parameters; objects get colours that stand out from {@code avoid} (the
     * background's colours).
     */
    abstract Actors draw(SplittableRandom random, int size, int[] avoid);

    static Shape anyShape(SplittableRandom random) {
        Shape[] all = Shape.values();
        return all[random.nextInt(all.length)];
    }

    static double angle(SplittableRandom random) {
        return random.nextDouble(2 * Math.PI);
    }

    /** A centre keeping a radius-r object inside the frame. */
    static double[] place(SplittableRandom random, double r, int size) {
        return new double[] {random.nextDouble(r, size - r + 1e-9), random.nextDouble(r, size - r + 1e-9)};
    }

    /** A small random drift (up to 8% of the side) that keeps the object inside the frame. */
    static double[] drift(SplittableRandom random, double[] c, double r, int size) {
        double max = 0.08 * size;
        return new double[] {
            clampTravel(c[0], random.nextDouble(-max, max), r, size),
            clampTravel(c[1], random.nextDouble(-max, max), r, size)
        };
    }

    /** Shortens a travel {@code d} from {@code p} so that p + d stays in [r, size - r]. */
    static double clampTravel(double p, double d, double r, int size) {
        return Math.max(r, Math.min(size - r, p + d)) - p;
    }
}
