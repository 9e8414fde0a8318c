package dev.tenantscope.streams;

import static dev.tenantscope.streams.Fixture.A1;
import static dev.tenantscope.streams.Fixture.A2;
import static dev.tenantscope.streams.Fixture.ACME;
import static dev.tenantscope.streams.Fixture.GLOBEX;
import static dev.tenantscope.streams.Fixture.registration;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.events.CostAmounts;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.rollup.Alert;
import dev.tenantscope.model.rollup.Alert.AlertKind;
import dev.tenantscope.model.rollup.Alert.AlertState;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cost anomalies through the whole topology with the production defaults: daily cost lines in, alerts on {@code
 * tenantscope.alerts}. Each pull's lines are followed by the settle time on the wall clock, as a pull is in
 * production. Two gold-tier tenants on the same service form the cohort.
 */
class CostAnomalyTopologyTest {
    private static final LocalDate D0 = LocalDate.parse("2026-09-10");
    private static final String LAMBDA = "AWS Lambda";

    @TempDir
    Path stateDir;

    private Fixture f;
    private TestOutputTopic<String, Alert> alerts;

    @BeforeEach
    void start() {
        f = new Fixture(StreamsAppConfig.defaults(), stateDir);
        f.in(Topics.ACCOUNTS).pipeInput(A1.value(), registration(A1, ACME, "gold"));
        f.in(Topics.ACCOUNTS).pipeInput(A2.value(), registration(A2, GLOBEX, "gold"));
        alerts = f.out(DerivedTopics.ALERTS);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private static Instant at(LocalDate day, int hoursAfterStart) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(hoursAfterStart));
    }

    private static CostLine line(
            AccountId a, LocalDate day, String recordType, String amount, boolean estimated, Instant at) {
        return new CostLine(a, day, LAMBDA, "", recordType, CostAmounts.same(Money.usd(amount)), estimated, at);
    }

    /** One pull's lines, then the settle time passes. */
    private void pull(CostLine... lines) {
        for (CostLine l : lines) {
            f.in(Topics.RAW_COST).pipeInput(l.account().value(), l);
        }
        f.driver.advanceWallClockTime(
                StreamsAppConfig.defaults().costAnomaly().settle().plusSeconds(1));
    }

    /** {@code days} settled days of $10 (acme) and $8 (globex) from {@code first}, each pulled three days later. */
    private void settledHistory(LocalDate first, int days) {
        for (int i = 0; i < days; i++) {
            LocalDate d = first.plusDays(i);
            pull(line(A1, d, "Usage", "10.00", false, at(d, 72)), line(A2, d, "Usage", "8.00", false, at(d, 72)));
        }
    }

    private List<Alert> costAlerts() {
        return alerts.readValuesToList().stream()
                .filter(a -> a.kind() == AlertKind.COST)
                .toList();
    }

    @Test
    void aJumpOpensOneAlertWithItsEvidenceAndTheNextNormalDayClosesIt() {
        settledHistory(D0, 21);
        LocalDate jump = D0.plusDays(21);
        pull(line(A1, jump, "Usage", "40.00", true, at(jump, 6)), line(A2, jump, "Usage", "8.00", true, at(jump, 6)));

        List<Alert> opened = costAlerts();
        assertThat(opened).hasSize(1);
        Alert open = opened.getFirst();
        assertThat(open.state()).isEqualTo(AlertState.OPEN);
        assertThat(open.tenant()).isEqualTo(ACME);
        assertThat(open.account()).isEqualTo(A1.value());
        assertThat(open.subject()).isEqualTo(LAMBDA);
        assertThat(open.value()).isEqualTo(40.0);
        assertThat(open.expectedHigh()).isBetween(10.0, 40.0);
        assertThat(open.openedAt()).isEqualTo(at(jump, 6));
        assertThat(open.alertId())
                .isEqualTo(
                        "cost|acme|" + A1.value() + "|AWS Lambda|" + at(jump, 6).toEpochMilli());
        // the example of docs/alerts.md
        assertThat(open.evidence())
                .isEqualTo(
                        "%s",
                        "acme 111111111111 AWS Lambda on 2026-10-01: 40.00 USD (estimated), expected 6.00..22.00 (settled level 10.00, σ 1.00, estimates at this age ×1.00), p100 of tier 'gold'; lines: Usage 40.00");

        LocalDate next = jump.plusDays(1);
        pull(line(A1, next, "Usage", "10.00", true, at(next, 6)), line(A2, next, "Usage", "8.00", true, at(next, 6)));
        List<Alert> closed = costAlerts();
        assertThat(closed).hasSize(1);
        assertThat(closed.getFirst().state()).isEqualTo(AlertState.CLOSED);
        assertThat(closed.getFirst().alertId()).isEqualTo(open.alertId());
        assertThat(closed.getFirst().closedAt()).isEqualTo(at(next, 6));
    }

    @Test
    void growingEstimatesOfADayAndARestatedSettledDayOpenNothing() {
        settledHistory(D0, 21);
        LocalDate d = D0.plusDays(21);
        pull(line(A1, d, "Usage", "5.00", true, at(d, 6)));
        pull(line(A1, d, "Usage", "11.50", true, at(d, 30)));
        pull(line(A1, d, "Usage", "11.00", false, at(d, 78)));
        LocalDate settled = D0.plusDays(5);
        pull(line(A1, settled, "Usage", "100.00", false, at(d, 24 * 9)));

        assertThat(costAlerts()).isEmpty();
    }

    @Test
    void aSavingsPlanCoveredDayIsOneObservationNotItsRowsOneByOne() {
        settledHistory(D0, 21);
        LocalDate d = D0.plusDays(21);
        Instant t = at(d, 6);
        pull(
                line(A1, d, "Usage", "10.00", true, t),
                line(A1, d, "SavingsPlanCoveredUsage", "40.00", true, t),
                line(A1, d, "SavingsPlanNegation", "-40.00", true, t));

        assertThat(costAlerts())
                .as("covered usage and its negation cancel: the day costs $10, as every day did")
                .isEmpty();
    }

    @Test
    void aJumpInHistoryPulledWeeksLaterIsLearnedNotPagedOn() {
        settledHistory(D0, 21);
        LocalDate old = D0.plusDays(21);
        // a first start: a day three weeks old arrives now, settled, at four times the usual
        pull(
                line(A1, old, "Usage", "40.00", false, at(old, 24 * 21)),
                line(A2, old, "Usage", "8.00", false, at(old, 24 * 21)));
        assertThat(costAlerts()).as("history is learned, not paged on").isEmpty();
    }

    @Test
    void historyBackfilledAfterTheFirstMonthToDatePullIsLearnedSoAJumpOpensAtOnce() {
        // a first start: the regular pull brings the last days of the month first, the backfill the weeks before
        LocalDate monthStart = D0.plusDays(30);
        settledHistory(monthStart, 4);
        settledHistory(D0, 30);
        LocalDate jump = monthStart.plusDays(4);
        pull(line(A1, jump, "Usage", "40.00", true, at(jump, 6)), line(A2, jump, "Usage", "8.00", true, at(jump, 6)));

        List<Alert> opened = costAlerts();
        assertThat(opened).extracting(Alert::state).containsExactly(AlertState.OPEN);
        assertThat(opened.getFirst().account()).isEqualTo(A1.value());
    }
}
