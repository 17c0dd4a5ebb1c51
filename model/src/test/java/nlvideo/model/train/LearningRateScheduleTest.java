package nlvideo.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void cosineFallsFromBaseToZeroAfterALinearWarmup() {
        LearningRateSchedule s = new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 0.1, 10, 2);
        double atWarmupEnd = 0.1 * (1 + Math.cos(Math.PI * 2 / 10)) / 2;
        assertEquals(0.01, s.rate(0), 1e-12);
        assertEquals(0.01 + (atWarmupEnd - 0.01) / 2, s.rate(1), 1e-12);
        assertEquals(atWarmupEnd, s.rate(2), 1e-12);
        assertEquals(0.05, s.rate(5), 1e-12);
        assertEquals(0.0, s.rate(10), 1e-12);
    }

    @Test
    void stepDividesByTenAtThreeEighthsAndThreeQuarters() {
        LearningRateSchedule s = new LearningRateSchedule(LearningRateSchedule.Kind.STEP, 0.2, 8, 0);
        assertEquals(0.2, s.rate(2.9), 1e-12);
        assertEquals(0.02, s.rate(3), 1e-12);
        assertEquals(0.02, s.rate(5.9), 1e-12);
        assertEquals(0.002, s.rate(6), 1e-12);
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.Kind.parse("linear"));
        assertThrows(
                IllegalArgumentException.class,
                () -> new LearningRateSchedule(LearningRateSchedule.Kind.STEP, 0, 8, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new LearningRateSchedule(LearningRateSchedule.Kind.STEP, 0.1, 8, 9));
    }
}
