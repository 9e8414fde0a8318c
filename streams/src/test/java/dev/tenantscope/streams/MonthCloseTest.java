package dev.tenantscope.streams;

import static dev.tenantscope.streams.Fixture.A1;
import static dev.tenantscope.streams.Fixture.ACME;
import static dev.tenantscope.streams.Fixture.registration;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.model.Money;
import dev.tenantscope.model.events.CostAmounts;
import dev.tenantscope.model.events.CostBasis;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.rollup.CostCategory;
import dev.tenantscope.model.rollup.CostRestatement;
import dev.tenantscope.model.rollup.MonthClose;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.Topics;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A month closes when AWS has finished it: on the finalisation day (default the 8th) and once none of its days is
 * estimated; later changes, such as a refund after the bill is final, are restatements of the frozen version.
 */
class MonthCloseTest {
    @TempDir
    Path stateDir;

    private Fixture f;
    private TestInputTopic<String, CostLine> raw;
    private TestOutputTopic<String, MonthClose> closes;

    @BeforeEach
    void start() {
        f = new Fixture(StreamsAppConfig.defaults(), stateDir);
        f.in(Topics.ACCOUNTS).pipeInput(A1.value(), registration(A1, ACME, "gold"));
        raw = f.in(Topics.RAW_COST);
        closes = f.out(DerivedTopics.COST_MONTH_CLOSE);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private void line(String day, String service, String recordType, String amount, boolean estimated, String at) {
        raw.pipeInput(
                A1.value(),
                new CostLine(
                        A1,
                        LocalDate.parse(day),
                        service,
                        "",
                        recordType,
                        CostAmounts.same(Money.usd(amount)),
                        estimated,
                        Instant.parse(at)));
    }

    @Test
    void theDefaultFinalisationDayIsTheEighthNotTheFifth() {
        assertThat(StreamsAppConfig.defaults().cost().closeDayOfMonth()).isEqualTo(8);
        line("2026-10-30", "Amazon EC2", "Usage", "7.00", false, "2026-11-01T06:00:00Z");
        line("2026-11-05", "Amazon EC2", "Usage", "1.00", false, "2026-11-06T06:00:00Z");
        // the support fee for October lands on the 7th: still before the close
        line("2026-10-31", "AWS Support (Business)", "Support fee", "100.00", false, "2026-11-07T06:00:00Z");
        assertThat(closes.isEmpty()).isTrue();

        line("2026-11-07", "Amazon EC2", "Usage", "1.00", false, "2026-11-08T06:00:00Z");

        assertThat(closes.readValuesToList())
                .extracting(
                        c -> c.row().day(),
                        c -> c.row().category(),
                        c -> c.row().amount().amount())
                .containsExactlyInAnyOrder(
                        Tuple.tuple(LocalDate.parse("2026-10-30"), CostCategory.WORKLOAD, new BigDecimal("7.00")),
                        Tuple.tuple(LocalDate.parse("2026-10-31"), CostCategory.SUPPORT, new BigDecimal("100.00")));
        assertThat(f.out(DerivedTopics.COST_RESTATEMENTS).isEmpty()).isTrue();
    }

    @Test
    void aMonthWithAnEstimatedDayStaysOpenPastTheFinalisationDayUntilTheDayIsFinal() {
        line("2026-10-31", "Amazon EC2", "Usage", "100.00", true, "2026-11-01T06:00:00Z");
        line("2026-11-08", "Amazon EC2", "Usage", "1.00", false, "2026-11-09T06:00:00Z");
        assertThat(closes.isEmpty()).as("October still has an estimated day").isTrue();

        line("2026-10-31", "Amazon EC2", "Usage", "101.00", false, "2026-11-10T06:00:00Z");

        List<MonthClose> frozen = closes.readValuesToList();
        assertThat(frozen).hasSize(1);
        assertThat(frozen.getFirst().row().amount().amount()).isEqualByComparingTo("101.00");
        assertThat(frozen.getFirst().frozenAt()).isEqualTo(Instant.parse("2026-11-10T06:00:00Z"));
        assertThat(f.out(DerivedTopics.COST_RESTATEMENTS).isEmpty()).isTrue();
    }

    @Test
    void changesAfterTheCloseAreDiffsAgainstTheFrozenValue() {
        line("2026-10-31", "Amazon EC2", "Usage", "101.00", false, "2026-11-03T06:00:00Z");
        line("2026-11-08", "Amazon EC2", "Usage", "1.00", false, "2026-11-08T06:00:00Z");
        assertThat(closes.readValuesToList()).hasSize(1);

        line("2026-10-31", "Amazon EC2", "Usage", "103.50", false, "2026-11-09T06:00:00Z");

        List<CostRestatement> diffs = f.out(DerivedTopics.COST_RESTATEMENTS).readValuesToList();
        assertThat(diffs).hasSize(1);
        assertThat(diffs.getFirst().frozenAmount().amount()).isEqualByComparingTo("101.00");
        assertThat(diffs.getFirst().currentAmount().amount()).isEqualByComparingTo("103.50");
        assertThat(diffs.getFirst().delta().amount()).isEqualByComparingTo("2.50");
    }

    @Test
    void aRefundAfterTheCloseIsARestatementOfTheFrozenVersionUnderItsOwnCategory() {
        line("2026-10-20", "Amazon EC2", "Usage", "50.00", false, "2026-11-03T06:00:00Z");
        line("2026-11-08", "Amazon EC2", "Usage", "1.00", false, "2026-11-08T06:00:00Z");
        assertThat(closes.readValuesToList()).hasSize(1);

        line("2026-10-20", "Amazon EC2", "Refund", "-12.00", false, "2026-11-20T06:00:00Z");

        List<CostRestatement> diffs = f.out(DerivedTopics.COST_RESTATEMENTS).readValuesToList();
        assertThat(diffs).hasSize(1);
        CostRestatement refund = diffs.getFirst();
        assertThat(refund.recordType()).isEqualTo("Refund");
        assertThat(refund.category()).isEqualTo(CostCategory.REFUND);
        assertThat(refund.frozenVersion()).isEqualTo(1);
        assertThat(refund.frozenAmount().amount()).isEqualByComparingTo("0");
        assertThat(refund.delta(CostBasis.NET_AMORTIZED).amount()).isEqualByComparingTo("-12.00");
    }
}
