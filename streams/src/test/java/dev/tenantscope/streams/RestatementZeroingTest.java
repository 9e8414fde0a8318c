package dev.tenantscope.streams;

import static dev.tenantscope.streams.Fixture.A1;
import static dev.tenantscope.streams.Fixture.A2;
import static dev.tenantscope.streams.Fixture.ACME;
import static dev.tenantscope.streams.Fixture.registration;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.events.CostPullCompleted;
import dev.tenantscope.model.rollup.TenantDailyCost;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.Topics;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull that no longer has a line an earlier pull had (a restated day dropped the group) zeroes it; a zero never
 * wins over a line of the same pull, whichever of the two topics is read first.
 */
class RestatementZeroingTest {
    static final Instant PULL_1 = Instant.parse("2026-11-02T06:00:00Z");
    static final Instant PULL_2 = Instant.parse("2026-11-03T06:00:00Z");

    @TempDir
    Path stateDir;

    private Fixture f;
    private TestInputTopic<String, CostLine> lines;
    private TestInputTopic<String, CostPullCompleted> pulls;

    @BeforeEach
    void start() {
        f = new Fixture(StreamsAppConfig.defaults(), stateDir);
        f.in(Topics.ACCOUNTS).pipeInput(A1.value(), registration(A1, ACME, "gold"));
        f.in(Topics.ACCOUNTS).pipeInput(A2.value(), registration(A2, ACME, "gold"));
        lines = f.in(Topics.RAW_COST);
        pulls = f.in(Topics.RAW_COST_PULLS);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private void line(AccountId a, String day, String service, String amount, Instant at) {
        lines.pipeInput(a.value(), new CostLine(a, LocalDate.parse(day), service, "", Money.usd(amount), false, at));
    }

    private void pull(AccountId a, String from, String until, Instant at) {
        pulls.pipeInput(a.value(), new CostPullCompleted(a, LocalDate.parse(from), LocalDate.parse(until), at));
    }

    /** account|day|service → unblended amount of the latest row. */
    private Map<String, BigDecimal> amounts() {
        Map<String, BigDecimal> out = new TreeMap<>();
        for (TenantDailyCost r :
                f.out(DerivedTopics.TENANT_COST_DAILY).readKeyValuesToMap().values()) {
            out.put(
                    r.account().value() + "|" + r.day() + "|" + r.service(),
                    r.amount().amount());
        }
        return out;
    }

    @Test
    void aLineALaterPullNoLongerHasIsZeroed() {
        line(A1, "2026-11-01", "Amazon EC2", "5.00", PULL_1);
        line(A1, "2026-11-01", "AWS Lambda", "2.00", PULL_1);
        pull(A1, "2026-10-20", "2026-11-02", PULL_1);
        // the restated day has EC2 again, Lambda no longer
        line(A1, "2026-11-01", "Amazon EC2", "5.50", PULL_2);
        pull(A1, "2026-10-21", "2026-11-03", PULL_2);

        assertThat(amounts())
                .containsEntry(A1.value() + "|2026-11-01|Amazon EC2", new BigDecimal("5.50"))
                .hasEntrySatisfying(
                        A1.value() + "|2026-11-01|AWS Lambda",
                        v -> assertThat(v).isEqualByComparingTo("0"));
        assertThat(f.counters.zeroedCostLines()).isEqualTo(1);
    }

    @Test
    void aPullReadBeforeItsOwnLinesNeverZeroesThem() {
        line(A1, "2026-11-01", "Amazon EC2", "5.00", PULL_1);
        // the pull's completion is read first, then the lines it covered (same retrievedAt)
        pull(A1, "2026-10-21", "2026-11-03", PULL_2);
        line(A1, "2026-11-01", "Amazon EC2", "6.00", PULL_2);

        assertThat(amounts()).containsEntry(A1.value() + "|2026-11-01|Amazon EC2", new BigDecimal("6.00"));
    }

    @Test
    void aPullReadAfterItsOwnLinesKeepsThem() {
        line(A1, "2026-11-01", "Amazon EC2", "5.00", PULL_1);
        line(A1, "2026-11-01", "Amazon EC2", "6.00", PULL_2);
        pull(A1, "2026-10-21", "2026-11-03", PULL_2);

        assertThat(amounts()).containsEntry(A1.value() + "|2026-11-01|Amazon EC2", new BigDecimal("6.00"));
        assertThat(f.counters.zeroedCostLines()).isZero();
    }

    @Test
    void daysOutsideThePullAndOtherAccountsAreLeftAlone() {
        line(A1, "2026-10-01", "Amazon EC2", "3.00", PULL_1); // before the pull's range
        line(A1, "2026-11-02", "Amazon EC2", "4.00", PULL_1); // on its exclusive end
        line(A2, "2026-11-01", "Amazon EC2", "7.00", PULL_1); // another account
        pull(A1, "2026-10-21", "2026-11-02", PULL_2);

        assertThat(amounts())
                .containsEntry(A1.value() + "|2026-10-01|Amazon EC2", new BigDecimal("3.00"))
                .containsEntry(A1.value() + "|2026-11-02|Amazon EC2", new BigDecimal("4.00"))
                .containsEntry(A2.value() + "|2026-11-01|Amazon EC2", new BigDecimal("7.00"));
        assertThat(f.counters.zeroedCostLines()).isZero();
    }

    @Test
    void theCollectorsOwnApiSpendIsNotACostExplorerLineAndIsNeverZeroed() {
        f.in(Topics.COLLECTOR_RUNS)
                .pipeInput(A1.value(), Fixture.run(A1, Instant.parse("2026-11-01T10:00:00Z"), "0.04"));
        pull(A1, "2026-10-21", "2026-11-03", PULL_2);

        assertThat(amounts()).containsEntry(A1.value() + "|2026-11-01|tenantscope collector", new BigDecimal("0.04"));
    }
}
