package nlvideo.pipeline.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.IntStream;
import nlvideo.pipeline.video.DecodedFrames;
import nlvideo.pipeline.video.VideoDecoder;
import nlvideo.pipeline.video.VideoProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only time tells the classes apart: measured on decoded frames, objects move the way their class
 * says, and a class and its opposite are each other's time reverse.
 *
 * <p>Objects are found as the decoded pixels that differ from the scene's own background (noise
 * included) by more than {@link #THRESHOLD} summed over R, G, B; scenes are drawn without their
 * distractor where a measurement needs the class's objects alone.
 */
class TimeOrderTest {
    private static final int SIZE = 64;
    private static final int FRAMES = 32;
    private static final int THRESHOLD = 80;
    private static final long[] SEEDS = {11, 12, 13, 14};

    @TempDir
    Path tmp;

    /** Per-frame foreground statistics: pixel count, centroid, and mean squared distance from it. */
    private record Blob(int area, double x, double y, double spread) {}

    @Test
    void movingRightMovesRightAndMovingLeftMovesLeft() throws Exception {
        for (long seed : SEEDS) {
            for (MotionClass c : new MotionClass[] {MotionClass.MOVING_RIGHT, MotionClass.MOVING_LEFT}) {
                Scene scene = Scene.random(c, SIZE, FRAMES, seed).withoutDistractor();
                Blob[] blobs = blobs(scene, decode(scene));
                int sign = c == MotionClass.MOVING_RIGHT ? 1 : -1;
                // the object crosses at least 35% of the frame, in steps that all go one way
                assertTrue(sign * (blobs[FRAMES - 1].x() - blobs[0].x()) > 0.3 * SIZE, c + " seed " + seed);
                for (int t = 4; t < FRAMES; t += 4) {
                    assertTrue(sign * (blobs[t].x() - blobs[t - 4].x()) > 0, c + " seed " + seed + " at " + t);
                }
                // and the measured path follows the drawn one (shape and angle fixed: same offset);
                // thresholding the anti-aliased edges of thin shapes (the L) moves a centroid by up
                // to about a pixel at either end
                double x0 = scene.sprites(0).get(0).x();
                for (int t = 0; t < FRAMES; t++) {
                    double drawn = scene.sprites(t).get(0).x() - x0;
                    assertEquals(drawn, blobs[t].x() - blobs[0].x(), 2.0, c + " seed " + seed + " frame " + t);
                }
            }
        }
    }

    @Test
    void growingGrowsAndShrinkingShrinks() throws Exception {
        for (long seed : SEEDS) {
            Blob[] grow =
                    blobs(Scene.random(MotionClass.GROWING, SIZE, FRAMES, seed).withoutDistractor());
            Blob[] shrink = blobs(
                    Scene.random(MotionClass.SHRINKING, SIZE, FRAMES, seed).withoutDistractor());
            // radius x2 to x3: area x4 to x9
            assertTrue(grow[FRAMES - 1].area() > 3 * grow[0].area(), "seed " + seed);
            assertTrue(shrink[0].area() > 3 * shrink[FRAMES - 1].area(), "seed " + seed);
        }
    }

    @Test
    void partingSpreadsAndMeetingGathers() throws Exception {
        for (long seed : SEEDS) {
            Blob[] part =
                    blobs(Scene.random(MotionClass.PARTING, SIZE, FRAMES, seed).withoutDistractor());
            Blob[] meet =
                    blobs(Scene.random(MotionClass.MEETING, SIZE, FRAMES, seed).withoutDistractor());
            assertTrue(part[FRAMES - 1].spread() > 2 * part[0].spread(), "seed " + seed);
            assertTrue(meet[0].spread() > 2 * meet[FRAMES - 1].spread(), "seed " + seed);
        }
    }

    @Test
    void fadingInAppearsAndFadingOutVanishes() throws Exception {
        for (long seed : SEEDS) {
            Blob[] in = blobs(
                    Scene.random(MotionClass.FADING_IN, SIZE, FRAMES, seed).withoutDistractor());
            Blob[] out = blobs(
                    Scene.random(MotionClass.FADING_OUT, SIZE, FRAMES, seed).withoutDistractor());
            int full = in[FRAMES - 1].area();
            assertTrue(full > 0.01 * SIZE * SIZE, "seed " + seed + " area " + full);
            assertTrue(in[0].area() < 0.05 * full, "seed " + seed);
            assertTrue(out[FRAMES - 1].area() < 0.05 * full, "seed " + seed);
        }
    }

    @Test
    void rotationClassesTurnTheirWay() throws Exception {
        // clockwise on screen (y down) is a growing angle; the drawn angles must follow the class,
        // in steps large enough to see (180-270 degrees over the video) and below 9 degrees
        for (long seed : SEEDS) {
            Scene cw = Scene.random(MotionClass.ROTATING_CLOCKWISE, SIZE, FRAMES, seed);
            Scene ccw = Scene.random(MotionClass.ROTATING_COUNTERCLOCKWISE, SIZE, FRAMES, seed);
            for (int t = 1; t < FRAMES; t++) {
                double step =
                        cw.sprites(t).get(0).angle() - cw.sprites(t - 1).get(0).angle();
                assertTrue(step > Math.toRadians(5.5) && step < Math.toRadians(9), "step " + Math.toDegrees(step));
                assertTrue(ccw.sprites(t).get(0).angle()
                        < ccw.sprites(t - 1).get(0).angle());
            }
        }
    }

    @Test
    void oppositeClassesAreTimeReversesOfEachOther() throws Exception {
        for (MotionClass c : MotionClass.values()) {
            if (c.reversed) {
                continue;
            }
            Scene forward = Scene.random(c, SIZE, FRAMES, 21);
            Scene backward = Scene.random(c.opposite(), SIZE, FRAMES, 21);
            DecodedFrames f = decode(forward);
            DecodedFrames b = decode(backward);
            double reversed = 0;
            double aligned = 0;
            for (int t = 0; t < FRAMES; t++) {
                double[] ft = blockMeans(f.frame(t));
                reversed = Math.max(reversed, meanAbsDifference(ft, blockMeans(b.frame(FRAMES - 1 - t))));
                aligned = Math.max(aligned, meanAbsDifference(ft, blockMeans(b.frame(t))));
            }
            // the per-frame statistic (8x8 block means, which average the noise out) of one class is
            // the other's read backwards, up to coding error (key frame at the other end; measured
            // about 1 level on average) ...
            assertTrue(reversed < 2.0, c + " vs reversed " + c.opposite() + ": " + reversed);
            // ... and clearly not the other's in the same order
            assertTrue(
                    aligned > 3.0 && aligned > 2 * reversed,
                    c + " vs " + c.opposite() + " in the same order: " + aligned);
        }
    }

    private DecodedFrames decode(Scene scene) throws Exception {
        Path file = tmp.resolve(scene.motionClass().label + "-" + System.nanoTime() + ".mp4");
        SyntheticDataset.writeVideo(file, SyntheticDataset.Config.of(0, 0, 0, 0), scene);
        return new VideoDecoder(0)
                .decodeIndices(
                        file, VideoProbe.probe(file), IntStream.range(0, FRAMES).toArray());
    }

    private Blob[] blobs(Scene scene) throws Exception {
        return blobs(scene, decode(scene));
    }

    /** Foreground statistics of each decoded frame against the scene's background, in plain loops. */
    private static Blob[] blobs(Scene scene, DecodedFrames decoded) {
        Blob[] blobs = new Blob[FRAMES];
        byte[] background = new byte[SIZE * SIZE * 3];
        for (int t = 0; t < FRAMES; t++) {
            scene.renderBackground(t, background);
            byte[] frame = decoded.frame(t);
            boolean[] fg = new boolean[SIZE * SIZE];
            int area = 0;
            double sx = 0, sy = 0;
            for (int p = 0; p < SIZE * SIZE; p++) {
                int d = 0;
                for (int ch = 0; ch < 3; ch++) {
                    d += Math.abs((frame[3 * p + ch] & 0xFF) - (background[3 * p + ch] & 0xFF));
                }
                if (d > THRESHOLD) {
                    fg[p] = true;
                    area++;
                    sx += p % SIZE;
                    sy += p / SIZE;
                }
            }
            double cx = area == 0 ? Double.NaN : sx / area;
            double cy = area == 0 ? Double.NaN : sy / area;
            double spread = 0;
            for (int p = 0; p < SIZE * SIZE; p++) {
                if (fg[p]) {
                    spread += Math.pow(p % SIZE - cx, 2) + Math.pow(p / SIZE - cy, 2);
                }
            }
            blobs[t] = new Blob(area, cx, cy, area == 0 ? 0 : spread / area);
        }
        return blobs;
    }

    /** The mean of each 8x8 block and channel of an RGB frame. */
    private static double[] blockMeans(byte[] rgb) {
        int blocks = SIZE / 8;
        double[] means = new double[blocks * blocks * 3];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                for (int ch = 0; ch < 3; ch++) {
                    means[((y / 8) * blocks + x / 8) * 3 + ch] += (rgb[(y * SIZE + x) * 3 + ch] & 0xFF) / 64.0;
                }
            }
        }
        return means;
    }

    private static double meanAbsDifference(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }
}
