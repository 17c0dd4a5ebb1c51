package nlvideo.pipeline.synthetic;

import java.util.SplittableRandom;

/**
 * An object that wanders at random (a velocity that jitters every frame and bounces off the
 * edges) and spins either way, so a model must find which object carries the class. Its walk
 * has no preferred direction, so it looks the same played backwards.
 */
final class Distractor {
    private final Sprite[] path;

    private Distractor(Sprite[] path) {
        this.path = path;
    }

    static Distractor random(SplittableRandom random, int size, int frames, int[] avoid) {
        double r = random.nextDouble(0.05, 0.1) * size;
        double x = random.nextDouble(r, size - r);
        double y = random.nextDouble(r, size - r);
        double heading = random.nextDouble(2 * Math.PI);
        double speed = random.nextDouble(0.3, 1.2) * size / 64.0;
        double vx = speed * Math.cos(heading);
        double vy = speed * Math.sin(heading);
        double spin = random.nextDouble(-0.08, 0.08);
        double jitter = 0.25 * size / 64.0;
        Sprite s =
                new Sprite(Motion.anyShape(random), Palette.vivid(random, avoid), x, y, r, Motion.angle(random), 1.0);
        Sprite[] path = new Sprite[frames];
        double angle = s.angle();
        for (int f = 0; f < frames; f++) {
            path[f] = s.at(x, y).withAngle(angle);
            vx += jitter * (2 * random.nextDouble() - 1);
            vy += jitter * (2 * random.nextDouble() - 1);
            x += vx;
            y += vy;
            if (x < r || x > size - r) {
                vx = -vx;
                x = Math.max(r, Math.min(size - r, x));
            }
            if (y < r || y > size - r) {
                vy = -vy;
                y = Math.max(r, Math.min(size - r, y));
            }
            angle += spin;
        }
        return new Distractor(path);
    }

    Sprite at(int frame) {
        return path[frame];
    }
}
