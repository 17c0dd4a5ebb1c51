package nlvideo.pipeline.synthetic;

/**
 * The outlines a synthetic object can take, each defined inside the unit disc so that a sprite's
 * radius bounds it whatever its angle. Several are symmetric under some rotations (a square
 * looks the same turned by 90 degrees); {@link #hasAngle()} says whether a turn can be seen at all.
 */
public enum Shape {
    CIRCLE,
    SQUARE,
    TRIANGLE,
    DIAMOND,
    CROSS,
    ELL;

    /** Whether point (x, y) of the unit square [-1, 1]^2 (y pointing down) lies inside. */
    public boolean contains(double x, double y) {
        double ax = Math.abs(x);
        double ay = Math.abs(y);
        return switch (this) {
            case CIRCLE -> x * x + y * y <= 1.0;
            case SQUARE -> ax <= 0.72 && ay <= 0.72;
            // equilateral, apex up, inscribed in the unit circle
            case TRIANGLE -> y <= 0.5 && y >= -1.0 + Math.sqrt(3.0) * ax;
            case DIAMOND -> ax / 0.6 + ay <= 1.0;
            case CROSS -> (ax <= 0.3 && ay <= 0.9) || (ay <= 0.3 && ax <= 0.9);
            // an L: no rotational symmetry at all
            case ELL -> (x >= -0.7 && x <= -0.2 && ay <= 0.8) || (x >= -0.7 && x <= 0.7 && y >= 0.3 && y <= 0.8);
        };
    }

    /** False for the circle, whose rotation cannot be seen. */
    public boolean hasAngle() {
        return this != CIRCLE;
    }
}
