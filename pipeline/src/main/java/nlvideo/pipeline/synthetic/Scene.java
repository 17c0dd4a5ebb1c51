package nlvideo.pipeline.synthetic;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One synthetic video before encoding: a {@link Background}, a {@link Distractor} and the objects
 * of a {@link MotionClass}, all drawn from one seed. Any frame can be drawn on its own, in any
 * order. A reversed class draws frame t as the forward motion's frame (frames - 1 - t), noise and
 * distractor included, so a scene and the same seed's scene of the opposite class are exact time
 * reverses of each other.
 */
public final class Scene {
    private final MotionClass motionClass;
    private final int size;
    private final int frames;
    private final Background background;
    private final Distractor distractor;
    private final Actors actors;

    private Scene(
            MotionClass motionClass,
            int size,
            int frames,
            Background background,
            Distractor distractor,
            Actors actors) {
        this.motionClass = motionClass;
        this.size = size;
        this.frames = frames;
        this.background = background;
        this.distractor = distractor;
        this.actors = actors;
    }

    /**
     * Draws a scene of {@code size} x {@code size} pixels and {@code frames} frames. The random
     * draws depend on the seed and the class's motion only, never on its direction.
     */
    public static Scene random(MotionClass motionClass, int size, int frames, long seed) {
        if (size < 16) {
            throw new IllegalArgumentException("size must be >= 16, got " + size);
        }
        if (frames < 2) {
            throw new IllegalArgumentException("frames must be >= 2, got " + frames);
        }
        SplittableRandom random = new SplittableRandom(seed);
        Background background = Background.random(random.split(), size, size);
        int[] avoid = background.colours();
        Distractor distractor = Distractor.random(random.split(), size, frames, avoid);
        Actors actors = motionClass.motion.draw(random.split(), size, avoid);
        return new Scene(motionClass, size, frames, background, distractor, actors);
    }

    /** The same scene without its distractor (for measuring the class's objects alone). */
    public Scene withoutDistractor() {
        return new Scene(motionClass, size, frames, background, null, actors);
    }

    /** The class the scene shows. */
    public MotionClass motionClass() {
        return motionClass;
    }

    /** Side of the square frames, in pixels. */
    public int size() {
        return size;
    }

    /** Frames of the video. */
    public int frames() {
        return frames;
    }

    /** The class's objects (not the distractor) as drawn in frame {@code t}. */
    public List<Sprite> sprites(int t) {
        return actors.at(time(source(t)));
    }

    /** Draws frame {@code t} into {@code rgb} (size x size x 3 bytes, row-major, interleaved). */
    public void render(int t, byte[] rgb) {
        paint(t, rgb, true);
    }

    /** Draws frame {@code t} with its noise but without any object: the background alone. */
    public void renderBackground(int t, byte[] rgb) {
        paint(t, rgb, false);
    }

    private void paint(int t, byte[] rgb, boolean objects) {
        if (t < 0 || t >= frames) {
            throw new IndexOutOfBoundsException("frame " + t + " of " + frames);
        }
        if (rgb.length != size * size * 3) {
            throw new IllegalArgumentException("rgb holds " + rgb.length + " bytes, expected " + size * size * 3);
        }
        int f = source(t);
        float[] canvas = new float[size * size * 3];
        background.paint(canvas);
        if (objects) {
            if (distractor != null) {
                distractor.at(f).paint(canvas, size, size);
            }
            for (Sprite s : actors.at(time(f))) {
                s.paint(canvas, size, size);
            }
        }
        background.finish(canvas, f, rgb);
    }

    /** The frame of the forward motion that frame t shows. */
    private int source(int t) {
        return motionClass.reversed ? frames - 1 - t : t;
    }

    private double time(int forwardFrame) {
        return (double) forwardFrame / (frames - 1);
    }
}
