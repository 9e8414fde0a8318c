package dev.tenantscope.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.events.QuotaSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuotaForecastTest {
    private static final long HOUR = 3_600_000L;
    private static final long T = 1_794_000_000_000L;
    private static final AccountId ACCOUNT = AccountId.of("111122223333");
    private static final List<Long> TIMES = List.of(T, T + HOUR, T + 2 * HOUR);
    private static final List<Double> RISING = List.of(100.0, 200.0, 300.0); // reaches 1000 at T + 9 h

    @Test
    void aRisingLevelQuotaIsForecastToBeExhausted() {
        var level = new QuotaSample(
                ACCOUNT, "us-east-1", "lambda", "L-B99A9384", "Concurrent executions", 1000, 300.0, at(2));
        assertThat(QuotaForecast.exhaustion(level, TIMES, RISING, Duration.ofDays(1)))
                .contains(T + 9 * HOUR);
    }

    @Test
    void aRisingRateQuotaIsNotForecast() {
        // the same numbers as calls per second: traffic, not a level drifting to 100 %
        var rate = new QuotaSample(
                ACCOUNT, "us-east-1", "monitoring", "L-5E141212", "GetMetricData TPS", 1000, 300.0, at(2), 1.0);
        assertThat(QuotaForecast.exhaustion(rate, TIMES, RISING, Duration.ofDays(1)))
                .isEmpty();
    }

    @Test
    void aForecastBeyondTheHorizonIsNone() {
        var level = new QuotaSample(
                ACCOUNT, "us-east-1", "lambda", "L-B99A9384", "Concurrent executions", 1000, 300.0, at(2));
        assertThat(QuotaForecast.exhaustion(level, TIMES, RISING, Duration.ofHours(6)))
                .isEmpty();
    }

    private static Instant at(int hours) {
        return Instant.ofEpochMilli(T + hours * HOUR);
    }
}
