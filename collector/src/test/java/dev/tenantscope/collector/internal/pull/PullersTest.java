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
                new CostPuller(null, new CollectorConfig.Cost(CollectorConfig.CostMode.PAYER, 5, 7, null, null, 13));
        assertThat(puller.window(LocalDate.parse("2026-01-20"), true))
                .containsExactly(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-01-21"));
        assertThat(puller.window(LocalDate.parse("2026-01-13"), true))
                .containsExactly(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-01-14"));
    }

    @Test
    void betweenMonthToDatePullsOnlyTheTrailingDaysArePulledAndTheMonthToDateComesBackEveryWeek() {
        var puller =
                new CostPuller(null, new CollectorConfig.Cost(CollectorConfig.CostMode.PAYER, 5, 7, null, null, 13));
        assertThat(puller.window(LocalDate.parse("2026-01-20"), false))
                .containsExactly(LocalDate.parse("2026-01-15"), LocalDate.parse("2026-01-21"));
        assertThat(puller.monthToDateDue(LocalDate.parse("2026-01-20"), null))
                .as("the first pull since start")
                .isTrue();
        assertThat(puller.monthToDateDue(LocalDate.parse("2026-01-20"), LocalDate.parse("2026-01-14")))
                .isFalse();
        assertThat(puller.monthToDateDue(LocalDate.parse("2026-01-21"), LocalDate.parse("2026-01-14")))
                .isTrue();
        var always =
                new CostPuller(null, new CollectorConfig.Cost(CollectorConfig.CostMode.PAYER, 5, 1, null, null, 13));
        assertThat(always.monthToDateDue(LocalDate.parse("2026-01-15"), LocalDate.parse("2026-01-14")))
                .isTrue();
        var never =
                new CostPuller(null, new CollectorConfig.Cost(CollectorConfig.CostMode.PAYER, 5, 0, null, null, 13));
        assertThat(never.monthToDateDue(LocalDate.parse("2026-01-20"), null)).isFalse();
        assertThat(puller.window(LocalDate.parse("2026-12-03"), false)[0])
                .as("before the finalisation day the previous month comes whole, month-to-date pull or not")
                .isEqualTo(LocalDate.parse("2026-11-01"));
    }

    @Test
    void thePreviousMonthIsRePulledWholeThroughTheFinalisationDayThenWeekly() {
        var puller =
                new CostPuller(null, new CollectorConfig.Cost(CollectorConfig.CostMode.PAYER, 5, 7, null, null, 13));
        LocalDate december = LocalDate.parse("2026-12-01");
        LocalDate november = LocalDate.parse("2026-11-01");
        for (int day : new int[] {1, 3, 6, 7, 8, 15, 22, 29}) {
            assertThat(puller.window(december.withDayOfMonth(day), true)[0])
                    .as("December %d: November may still change (support fee on the 6th-7th, late refunds)", day)
                    .isEqualTo(november);
        }
        for (int day : new int[] {9, 10, 14, 16, 28, 31}) {
            assertThat(puller.window(december.withDayOfMonth(day), true)[0])
                    .as("December %d: the month to date only", day)
                    .isEqualTo(december);
        }
        var never = new CostPuller(
                null, new CollectorConfig.Cost(CollectorConfig.CostMode.PAYER, 5, 7, null, null, 13, 0, 0));
        assertThat(never.window(LocalDate.parse("2026-12-03"), true)[0]).isEqualTo(LocalDate.parse("2026-11-28"));
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
