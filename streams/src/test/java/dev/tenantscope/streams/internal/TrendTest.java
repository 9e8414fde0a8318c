package dev.tenantscope.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrendTest {
    private static final long HOUR = 3_600_000L;
    private static final long T = 1_794_000_000_000L;

    @Test
    void aRisingLineReachesTheLimitWhereItCrossesIt() {
        assertThat(Trend.reaches(List.of(T, T + HOUR, T + 2 * HOUR), List.of(10.0, 20.0, 30.0), 60))
                .contains(T + 5 * HOUR);
    }

    @Test
    void aNearlyFlatRiseForecastsNothingRatherThanAnOverflowedTimeInThePast() {
        // a steady rate quota's usage with a rounding wobble: the crossing is ~1e17 years out
        var reached = Trend.reaches(List.of(T, T + HOUR, T + 2 * HOUR), List.of(1.0, 1.0, 1.0 + 1e-15), 50);
        assertThat(reached).isEmpty();
    }

    @Test
    void aFallingOrFlatLineNeverReachesIt() {
        assertThat(Trend.reaches(List.of(T, T + HOUR, T + 2 * HOUR), List.of(3.0, 2.0, 1.0), 50))
                .isEmpty();
        assertThat(Trend.reaches(List.of(T, T + HOUR, T + 2 * HOUR), List.of(1.0, 1.0, 1.0), 50))
                .isEmpty();
    }
}
