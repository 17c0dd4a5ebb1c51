package nlvideo.model.train;

import java.util.Locale;

/**
 * The learning rate at any point of training, as a function of the (fractional) epoch, so that it
 * changes every iteration and a resumed run computes the same rates as an uninterrupted one.
 *
 * <ul>
 *   <li>{@link Kind#COSINE}: {@code base * (1 + cos(pi * e / E)) / 2} (PySlowFast's cosine policy).
 *   <li>{@link Kind#STEP}: {@code base}, divided by 10 at 3/8 and again at 3/4 of the epochs: the
 *       paper's Kinetics schedule (400k iterations, reduced at 150k and 300k) in proportion.
 * </ul>
 * A linear warmup over the first {@code warmupEpochs} rises from {@code base / 10} to the
 * schedule's value at the warmup's end (PySlowFast's warmup, with its 0.01 start for a 0.1 base),
 * which keeps the first updates of an untrained network with large batch statistics from
 * diverging.
 *
 * @param kind cosine or step decay
 * @param base the peak rate, positive
 * @param epochs the length of the schedule, at least 1
 * @param warmupEpochs length of the linear warmup in [0, epochs] (0 for none)
 */
public record LearningRateSchedule(Kind kind, double base, int epochs, double warmupEpochs) {

    /** The decay policy. */
    public enum Kind {
        COSINE,
        STEP;

        /** "cosine" or "step" (case-insensitive). */
        public static Kind parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown schedule '" + name + "'; known: cosine, step");
            }
        }
    }

    /** @throws IllegalArgumentException for values outside those ranges */
    public LearningRateSchedule {
        if (kind == null) {
            throw new IllegalArgumentException("schedule kind is missing");
        }
        if (!(base > 0) || Double.isInfinite(base)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + base);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (!(warmupEpochs >= 0) || warmupEpochs > epochs) {
            throw new IllegalArgumentException("warmup epochs must be in [0, " + epochs + "], got " + warmupEpochs);
        }
    }

    /** The rate at fractional epoch {@code e} (0 at the start, {@code epochs} at the end). */
    public double rate(double e) {
        if (e < warmupEpochs) {
            double start = base / 10;
            return start + (schedule(warmupEpochs) - start) * e / warmupEpochs;
        }
        return schedule(e);
    }

    private double schedule(double e) {
        return switch (kind) {
            case COSINE -> base * (1 + Math.cos(Math.PI * e / epochs)) / 2;
            case STEP -> base * (e < epochs * 3.0 / 8 ? 1 : e < epochs * 3.0 / 4 ? 0.1 : 0.01);
        };
    }
}
