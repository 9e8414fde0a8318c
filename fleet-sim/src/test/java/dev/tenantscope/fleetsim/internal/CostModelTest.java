package dev.tenantscope.fleetsim.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.fleetsim.FleetSpec;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CostModelTest {
    private static long at(String iso) {
        return Instant.parse(iso).getEpochSecond();
    }

    @Test
    void versionsMoveForThreeDaysThenAtMonthClose() {
        long day = LocalDate.parse("2026-11-10").toEpochDay();
        assertThat(CostModel.version(day, at("2026-11-10T00:30:00Z"))).isEqualTo(-1);
        assertThat(CostModel.version(day, at("2026-11-10T01:00:00Z"))).isEqualTo(0);
        assertThat(CostModel.version(day, at("2026-11-11T00:00:00Z"))).isEqualTo(1);
        assertThat(CostModel.version(day, at("2026-11-12T00:00:00Z"))).isEqualTo(2);
        assertThat(CostModel.version(day, at("2026-11-13T00:00:00Z"))).isEqualTo(3);
        assertThat(CostModel.estimated(3)).isFalse();
        assertThat(CostModel.version(day, at("2026-12-01T23:59:59Z"))).isEqualTo(3);
        assertThat(CostModel.version(day, at("2026-12-02T00:00:00Z"))).isEqualTo(4);
    }

    @Test
    void lastDaysOfAMonthCloseNoEarlierThanThreeDaysLater() {
        long day = LocalDate.parse("2026-11-30").toEpochDay();
        assertThat(CostModel.monthClose(day)).isEqualTo(at("2026-12-03T00:00:00Z"));
        assertThat(CostModel.version(day, at("2026-12-02T12:00:00Z"))).isEqualTo(2);
    }

    @Test
    void anAnomalyMultipliesItsServiceOnItsDaysOnlyAndNoneAreInjectedAtRateZero() {
        FleetSpec spec = FleetSpec.defaults().withAccounts(50).withCostAnomalyRate(0.5);
        Fleet fleet = new Fleet(spec);
        Episodes episodes = new Episodes(spec.seed(), spec.noisyRate());
        CostAnomalies anomalies = new CostAnomalies(spec.seed(), spec.costAnomalyRate());
        CostModel with = new CostModel(fleet, episodes, anomalies);
        CostModel without = new CostModel(fleet, episodes, new CostAnomalies(spec.seed(), 0));
        long week = LocalDate.parse("2026-11-09").toEpochDay() / 7;
        int found = 0;
        for (int a = 0; a < 50; a++) {
            CostAnomalies.Anomaly an = anomalies.inWeek(a, week);
            if (an == null || without.finalUsageMicros(a, an.service(), an.firstDay()) == 0) {
                continue;
            }
            found++;
            assertThat(an.factor()).isBetween(3.0, 6.0);
            assertThat(an.lastDay() - an.firstDay()).isBetween(0L, 2L);
            for (long d = an.firstDay() - 1; d <= an.lastDay() + 1; d++) {
                double ratio = (double) with.finalUsageMicros(a, an.service(), d)
                        / without.finalUsageMicros(a, an.service(), d);
                boolean inside = d >= an.firstDay() && d <= an.lastDay();
                assertThat(ratio).isCloseTo(inside ? an.factor() : 1, org.assertj.core.data.Offset.offset(0.01));
            }
            int other = (an.service() + 1) % CostModel.SERVICES.size();
            assertThat(with.finalUsageMicros(a, other, an.firstDay()))
                    .isEqualTo(without.finalUsageMicros(a, other, an.firstDay()));
        }
        assertThat(found).isBetween(15, 35);
        assertThat(new CostAnomalies(spec.seed(), 0).inWeek(0, week)).isNull();
    }
}
