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
import dev.tenantscope.model.rollup.TenantDailyCost;
import dev.tenantscope.model.rollup.TenantDaySummary;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every cost basis and record type reaches the daily rows; non-usage record types are their own categories. */
class CostRecordTypesTest {
    static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    @TempDir
    Path stateDir;

    private Fixture f;

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    private Fixture start() {
        f = new Fixture(StreamsAppConfig.defaults(), stateDir);
        f.in(Topics.ACCOUNTS).pipeInput(A1.value(), registration(A1, ACME, "gold"));
        return f;
    }

    /** unblended, netUnblended, amortized, netAmortized, blended. */
    static CostAmounts amounts(String u, String nu, String a, String na, String b) {
        return new CostAmounts(Money.usd(u), Money.usd(nu), Money.usd(a), Money.usd(na), Money.usd(b));
    }

    static CostLine line(String day, String service, String recordType, CostAmounts a, Instant at) {
        return new CostLine(A1, LocalDate.parse(day), service, "", recordType, a, false, at);
    }

    private Map<String, TenantDailyCost> rows() {
        return f.out(DerivedTopics.TENANT_COST_DAILY).readKeyValuesToMap();
    }

    @Test
    void everyBasisReachesTheDailyRowUnchanged() {
        start();
        CostAmounts a = amounts("10.00", "9.50", "4.20", "4.00", "9.90");
        f.in(Topics.RAW_COST).pipeInput(A1.value(), line("2026-11-01", "Amazon EC2", "SavingsPlanCoveredUsage", a, T0));

        TenantDailyCost row = rows().values().iterator().next();
        assertThat(row.recordType()).isEqualTo("SavingsPlanCoveredUsage");
        assertThat(row.category()).isEqualTo(CostCategory.WORKLOAD);
        for (CostBasis b : CostBasis.values()) {
            assertThat(row.amount(b).amount())
                    .as(b.apiName())
                    .isEqualByComparingTo(a.of(b).amount());
        }
    }

    @Test
    void theRecordTypeIsPartOfTheUpsertKeySoCoveredUsageAndItsNegationAreTwoRows() {
        start();
        f.in(Topics.RAW_COST)
                .pipeInput(
                        A1.value(),
                        line(
                                "2026-11-01",
                                "Amazon EC2",
                                "SavingsPlanCoveredUsage",
                                amounts("10.00", "10.00", "4.00", "4.00", "10.00"),
                                T0));
        f.in(Topics.RAW_COST)
                .pipeInput(
                        A1.value(),
                        line(
                                "2026-11-01",
                                "Amazon EC2",
                                "SavingsPlanNegation",
                                amounts("-10.00", "-10.00", "0", "0", "-10.00"),
                                T0));

        Map<String, TenantDailyCost> rows = rows();
        assertThat(rows.values())
                .extracting(TenantDailyCost::recordType)
                .containsExactlyInAnyOrder("SavingsPlanCoveredUsage", "SavingsPlanNegation");
        assertThat(sum(rows, CostBasis.UNBLENDED)).isEqualByComparingTo("0");
        assertThat(sum(rows, CostBasis.NET_AMORTIZED)).isEqualByComparingTo("4.00");
    }

    @Test
    void creditsRefundsTaxCommitmentAndSupportFeesAreTheirOwnCategories() {
        start();
        Map<String, String> types = Map.of(
                "Usage", "Amazon EC2",
                "Credit", "Amazon EC2",
                "Refund", "Amazon S3",
                "Tax", "Tax",
                "SavingsPlanRecurringFee", "Savings Plans for AWS Compute usage",
                "RIFee", "Amazon RDS",
                "Support fee", "AWS Support (Business)");
        types.forEach((type, service) -> f.in(Topics.RAW_COST)
                .pipeInput(A1.value(), line("2026-11-01", service, type, CostAmounts.same(Money.usd("1.00")), T0)));

        Map<String, CostCategory> byType = rows().values().stream()
                .collect(Collectors.toMap(TenantDailyCost::recordType, TenantDailyCost::category));
        assertThat(byType)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "Usage", CostCategory.WORKLOAD,
                        "Credit", CostCategory.CREDIT,
                        "Refund", CostCategory.REFUND,
                        "Tax", CostCategory.TAX,
                        "SavingsPlanRecurringFee", CostCategory.COMMITMENT_FEE,
                        "RIFee", CostCategory.COMMITMENT_FEE,
                        "Support fee", CostCategory.SUPPORT));
    }

    @Test
    void theDaySummarySplitsUsageUnderTheDefaultBasisAndLeavesCreditsOut() {
        start();
        f.in(Topics.RAW_COST)
                .pipeInput(
                        A1.value(), line("2026-11-01", "Amazon EC2", "Usage", amounts("10", "10", "8", "7", "10"), T0));
        f.in(Topics.RAW_COST)
                .pipeInput(
                        A1.value(), line("2026-11-01", "Amazon EC2", "Credit", CostAmounts.same(Money.usd("-3")), T0));

        List<TenantDaySummary> summaries =
                f.out(DerivedTopics.TENANT_COST_DAILY_SUMMARY).readValuesToList();
        assertThat(summaries.getLast().workload().amount()).isEqualByComparingTo("7");
        assertThat(summaries.getLast().total().amount()).isEqualByComparingTo("7");
    }

    private static java.math.BigDecimal sum(Map<String, TenantDailyCost> rows, CostBasis basis) {
        return rows.values().stream()
                .map(r -> r.amount(basis).amount())
                .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
    }
}
