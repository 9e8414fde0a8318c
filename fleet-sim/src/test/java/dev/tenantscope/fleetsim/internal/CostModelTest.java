package dev.tenantscope.fleetsim.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
}
