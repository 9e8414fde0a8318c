package dev.tenantscope.collector.internal.pull;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.collector.CollectorConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResultField;

class PullersTest {
    @Test
    void overlappingWindowsEmitEachDatapointOnceAndCorrectionsAgain() {
        SeriesLedger ledger = new SeriesLedger(Duration.ofMinutes(15));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(ledger.firstTime("s", t0, 1.0)).isTrue();
        assertThat(ledger.firstTime("s", t0.plusSeconds(300), 2.0)).isTrue();
        assertThat(ledger.firstTime("s", t0, 1.0))
                .as("re-pulled in the overlap")
                .isFalse();
        assertThat(ledger.firstTime("s", t0.plusSeconds(300), 2.5))
                .as("late datapoint completed the period")
                .isTrue();
        assertThat(ledger.firstTime("other", t0, 1.0)).isTrue();
    }

    @Test
    void costWindowIsTrailingDaysOrMonthToDateWhicheverIsLonger() {
        var puller =
                new CostPuller(null, new CollectorConfig.Cost(CollectorConfig.CostMode.PAYER, 5, true, null, null, 13));
        assertThat(puller.window(LocalDate.parse("2026-01-20")))
                .containsExactly(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-01-21"));
        assertThat(puller.window(LocalDate.parse("2026-02-03")))
                .containsExactly(LocalDate.parse("2026-01-29"), LocalDate.parse("2026-02-04"));
    }

    @Test
    void insightsBinsAreParsed() {
        var rows = List.of(
                List.of(
                        ResultField.builder()
                                .field("bin(5m)")
                                .value("2026-01-01 00:05:00.000")
                                .build(),
                        ResultField.builder().field("errors").value("7").build()),
                List.of(
                        ResultField.builder()
                                .field("bin(5m)")
                                .value("2026-01-01 00:10:00.000")
                                .build(),
                        ResultField.builder().field("errors").value("2").build()));
        assertThat(LogsPuller.counts(rows))
                .containsEntry(Instant.parse("2026-01-01T00:05:00Z"), 7L)
                .containsEntry(Instant.parse("2026-01-01T00:10:00Z"), 2L);
    }
}
