package dev.tenantscope.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.CostBasis;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.costexplorer.model.CostExplorerException;
import software.amazon.awssdk.services.costexplorer.model.Dimension;
import software.amazon.awssdk.services.costexplorer.model.DimensionValuesWithAttributes;
import software.amazon.awssdk.services.costexplorer.model.Expression;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageRequest;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.Group;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinition;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinitionType;
import software.amazon.awssdk.services.costexplorer.model.ResultByTime;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

/** Cost Explorer billing like AWS: every basis, record types, commitments, month end, history, through SDK v2. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillingIT {
    private static final List<String> METRICS =
            java.util.Arrays.stream(CostBasis.values()).map(CostBasis::metric).toList();
    private static final LocalDate DAY = LocalDate.parse("2026-11-05");
    private static final YearMonth OCTOBER = YearMonth.parse("2026-10");

    private SimFixture sim;
    private CostExplorerClient payer;
    private AccountId management;

    @BeforeAll
    void start() {
        sim = new SimFixture();
        payer = sim.client(CostExplorerClient.builder(), sim.management);
        management = sim.server.truth().managementAccount();
    }

    @AfterAll
    void stop() {
        payer.close();
        sim.close();
    }

    @AfterEach
    void reset() {
        sim.server.clock().set(SimFixture.NOW);
    }

    private GroundTruth truth() {
        return sim.server.truth();
    }

    private static GroupDefinition dim(String key) {
        return GroupDefinition.builder()
                .type(GroupDefinitionType.DIMENSION)
                .key(key)
                .build();
    }

    private static Expression is(Dimension key, String... values) {
        return Expression.builder().dimensions(d -> d.key(key).values(values)).build();
    }

    private static GetCostAndUsageRequest.Builder request(LocalDate from, LocalDate to, Granularity granularity) {
        return GetCostAndUsageRequest.builder()
                .timePeriod(p -> p.start(from.toString()).end(to.toString()))
                .granularity(granularity)
                .metrics(METRICS);
    }

    /** Every group of every page, keys → metric → amount. */
    private static Map<List<String>, Map<String, BigDecimal>> groups(CostExplorerClient ce, GetCostAndUsageRequest r) {
        Map<List<String>, Map<String, BigDecimal>> out = new HashMap<>();
        String token = null;
        do {
            GetCostAndUsageResponse page =
                    ce.getCostAndUsage(r.toBuilder().nextPageToken(token).build());
            for (ResultByTime t : page.resultsByTime()) {
                for (Group g : t.groups()) {
                    Map<String, BigDecimal> m = out.computeIfAbsent(g.keys(), k -> new HashMap<>());
                    g.metrics().forEach((name, v) -> m.merge(name, new BigDecimal(v.amount()), BigDecimal::add));
                }
            }
            token = page.nextPageToken();
        } while (token != null);
        return out;
    }

    /** Truth of one account-day by record type and basis. */
    private Map<String, Map<CostBasis, BigDecimal>> truthByType(AccountId account, LocalDate day, Instant asOf) {
        Map<String, Map<CostBasis, BigDecimal>> out = new HashMap<>();
        for (BillingLine l : truth().billingLines(account, day, asOf)) {
            for (CostBasis b : CostBasis.values()) {
                out.computeIfAbsent(l.recordType(), k -> new HashMap<>()).merge(b, l.amount(b), BigDecimal::add);
            }
        }
        return out;
    }

    @Nested
    class EveryBasisInOneCall {
        @Test
        void eachMetricIsItsBasisAndEqualsTheTruthPerAccountAndRecordType() {
            var groups = groups(
                    payer,
                    request(DAY, DAY.plusDays(1), Granularity.DAILY)
                            .groupBy(dim("LINKED_ACCOUNT"), dim("RECORD_TYPE"))
                            .build());
            Map<String, Map<String, Map<CostBasis, BigDecimal>>> truth = new HashMap<>();
            int differing = 0;
            for (var e : groups.entrySet()) {
                String account = e.getKey().get(0), type = e.getKey().get(1);
                var want = truth.computeIfAbsent(account, a -> truthByType(AccountId.of(a), DAY, SimFixture.NOW))
                        .get(type);
                assertThat(want).as("%s %s is in the truth", account, type).isNotNull();
                for (CostBasis b : CostBasis.values()) {
                    assertThat(e.getValue().get(b.metric()))
                            .as("%s %s %s", account, type, b)
                            .isEqualByComparingTo(want.get(b));
                }
                if (e.getValue().get("UnblendedCost").compareTo(e.getValue().get("AmortizedCost")) != 0) {
                    differing++;
                }
            }
            assertThat(differing)
                    .as("groups whose amortized cost differs from unblended")
                    .isGreaterThan(100);
            assertThat(groups.keySet())
                    .extracting(k -> k.get(1))
                    .contains(
                            SimCatalog.USAGE,
                            SimCatalog.TAX,
                            SimCatalog.SAVINGS_PLAN_COVERED_USAGE,
                            SimCatalog.SAVINGS_PLAN_NEGATION,
                            SimCatalog.SAVINGS_PLAN_RECURRING_FEE,
                            SimCatalog.DISCOUNTED_USAGE,
                            SimCatalog.RI_FEE);
        }

        @Test
        void savingsPlanCoveredUsageNetsToZeroUnblendedAndAmortizedMovesTheCommitmentToItsUsers() {
            var groups = groups(
                    payer,
                    request(DAY, DAY.plusDays(1), Granularity.DAILY)
                            .groupBy(dim("LINKED_ACCOUNT"), dim("RECORD_TYPE"))
                            .filter(is(
                                    Dimension.RECORD_TYPE,
                                    SimCatalog.SAVINGS_PLAN_COVERED_USAGE,
                                    SimCatalog.SAVINGS_PLAN_NEGATION,
                                    SimCatalog.SAVINGS_PLAN_RECURRING_FEE,
                                    SimCatalog.SAVINGS_PLAN_UPFRONT_FEE))
                            .build());
            BigDecimal usedAmortized = BigDecimal.ZERO;
            int covered = 0;
            for (var e : groups.entrySet()) {
                if (!e.getKey().get(1).equals(SimCatalog.SAVINGS_PLAN_COVERED_USAGE)) {
                    continue;
                }
                covered++;
                var negation = groups.get(List.of(e.getKey().get(0), SimCatalog.SAVINGS_PLAN_NEGATION));
                assertThat(negation).as("negation of %s", e.getKey()).isNotNull();
                assertThat(e.getValue().get("UnblendedCost").add(negation.get("UnblendedCost")))
                        .isEqualByComparingTo("0");
                assertThat(negation.get("AmortizedCost")).isEqualByComparingTo("0");
                assertThat(e.getValue().get("AmortizedCost"))
                        .as("covered usage costs its Savings Plan rate")
                        .isPositive()
                        .isLessThan(e.getValue().get("UnblendedCost"));
                usedAmortized = usedAmortized.add(e.getValue().get("AmortizedCost"));
            }
            assertThat(covered).as("accounts with covered Lambda usage").isGreaterThan(100);
            var fee = groups.get(List.of(management.value(), SimCatalog.SAVINGS_PLAN_RECURRING_FEE));
            assertThat(fee)
                    .as("the recurring fee sits in the management account")
                    .isNotNull();
            assertThat(fee.get("AmortizedCost"))
                    .as("amortized, the payer keeps only the unused commitment")
                    .isLessThan(fee.get("UnblendedCost"));
            // the amortized commitment of the day = recurring fee + upfront fee / term, spread over its users
            BigDecimal upfront = groups(
                            payer,
                            request(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-02"), Granularity.DAILY)
                                    .filter(is(Dimension.RECORD_TYPE, SimCatalog.SAVINGS_PLAN_UPFRONT_FEE))
                                    .groupBy(dim("LINKED_ACCOUNT"))
                                    .build())
                    .get(List.of(management.value()))
                    .get("UnblendedCost");
            BigDecimal perDay = upfront.divide(BigDecimal.valueOf(3 * 365 + 1));
            assertThat(usedAmortized.add(fee.get("AmortizedCost")))
                    .isEqualByComparingTo(fee.get("UnblendedCost").add(perDay));
        }

        @Test
        void aMemberAccountSeesOnlyItsOwnCostUnderEveryMetric() {
            SimAccount a = sim.activeAccount(3);
            try (var creds = sim.assume(a);
                    CostExplorerClient ce = sim.client(CostExplorerClient.builder(), creds)) {
                var groups = groups(
                        ce,
                        request(DAY, DAY.plusDays(1), Granularity.DAILY)
                                .groupBy(dim("LINKED_ACCOUNT"), dim("RECORD_TYPE"))
                                .build());
                assertThat(groups.keySet()).extracting(k -> k.get(0)).containsOnly(a.id().value());
                var want = truthByType(a.id(), DAY, SimFixture.NOW);
                assertThat(groups).hasSameSizeAs(want);
                groups.forEach((k, m) -> {
                    for (CostBasis b : CostBasis.values()) {
                        assertThat(m.get(b.metric()))
                                .isEqualByComparingTo(want.get(k.get(1)).get(b));
                    }
                });
            }
        }
    }

    @Nested
    class RecordTypes {
        @Test
        void dimensionValuesListEveryRecordTypeBilledInThePeriod() {
            List<String> values = payer
                    .getDimensionValues(
                            r -> r.timePeriod(p -> p.start("2026-03-01").end("2026-11-11"))
                                    .dimension(Dimension.RECORD_TYPE))
                    .dimensionValues()
                    .stream()
                    .map(DimensionValuesWithAttributes::value)
                    .toList();
            assertThat(values).containsExactlyInAnyOrderElementsOf(SimCatalog.RECORD_TYPES);
        }

        @Test
        void notAndFiltersOnRecordTypeMatchTheInvoice() {
            Invoice invoice = truth().invoice(OCTOBER, SimFixture.NOW);
            GetCostAndUsageRequest month = request(
                            OCTOBER.atDay(1), OCTOBER.plusMonths(1).atDay(1), Granularity.MONTHLY)
                    .build();
            Expression notCreditRefundTax = Expression.builder()
                    .not(is(Dimension.RECORD_TYPE, SimCatalog.CREDIT, SimCatalog.REFUND, SimCatalog.TAX))
                    .build();
            var byType = groups(
                    payer,
                    month.toBuilder()
                            .groupBy(dim("RECORD_TYPE"))
                            .filter(notCreditRefundTax)
                            .build());
            assertThat(byType.keySet())
                    .extracting(k -> k.get(0))
                    .doesNotContain(SimCatalog.CREDIT, SimCatalog.REFUND, SimCatalog.TAX)
                    .contains(SimCatalog.USAGE, SimCatalog.SUPPORT);
            Map<String, BigDecimal> want = invoice.byRecordType(CostBasis.NET_AMORTIZED);
            byType.forEach((k, m) ->
                    assertThat(m.get("NetAmortizedCost")).as(k.get(0)).isEqualByComparingTo(want.get(k.get(0))));

            SimAccount a = sim.activeAccount(5);
            Expression taxOfOne = Expression.builder()
                    .and(is(Dimension.LINKED_ACCOUNT, a.id().value()), is(Dimension.RECORD_TYPE, SimCatalog.TAX))
                    .build();
            ResultByTime tax = payer.getCostAndUsage(
                            month.toBuilder().filter(taxOfOne).build())
                    .resultsByTime()
                    .get(0);
            assertThat(new BigDecimal(tax.total().get("UnblendedCost").amount()))
                    .isPositive()
                    .isEqualByComparingTo(invoice.amount(a.id(), CostBasis.UNBLENDED, SimCatalog.TAX));
        }
    }

    @Nested
    class TheInvoice {
        @Test
        void organisationTotalsEqualCostExplorerAndTenantsPlusManagementAddUpToThem() {
            Invoice invoice = truth().invoice(OCTOBER, SimFixture.NOW);
            ResultByTime total = payer.getCostAndUsage(
                            request(OCTOBER.atDay(1), OCTOBER.plusMonths(1).atDay(1), Granularity.MONTHLY)
                                    .build())
                    .resultsByTime()
                    .get(0);
            for (CostBasis b : CostBasis.values()) {
                BigDecimal org = invoice.organisationTotal(b);
                assertThat(new BigDecimal(total.total().get(b.metric()).amount()))
                        .as(b.metric())
                        .isEqualByComparingTo(org);
                BigDecimal tenants = BigDecimal.ZERO;
                for (TenantId t : truth().tenants()) {
                    tenants = tenants.add(truth().tenantMonthlyCost(t, OCTOBER, b, SimFixture.NOW)
                            .total());
                }
                assertThat(tenants.add(invoice.accountTotal(management, b)))
                        .as("tenants + management under %s", b)
                        .isEqualByComparingTo(org);
            }
            assertThat(invoice.organisationTotal(CostBasis.AMORTIZED))
                    .isNotEqualByComparingTo(invoice.organisationTotal(CostBasis.UNBLENDED));
            assertThat(invoice.byRecordType(CostBasis.UNBLENDED).get(SimCatalog.CREDIT))
                    .isNegative();
            System.out.println("[truth] October 2026 invoice, unblended by record type: "
                    + invoice.byRecordType(CostBasis.UNBLENDED));
        }

        @Test
        void everyAccountWithChargesPaysTax() {
            Invoice invoice = truth().invoice(OCTOBER, SimFixture.NOW);
            Set<AccountId> charged = new HashSet<>(), taxed = new HashSet<>();
            for (Invoice.Line l : invoice.lines()) {
                if (l.basis() == CostBasis.UNBLENDED && l.recordType().equals(SimCatalog.USAGE)) {
                    charged.add(l.account());
                }
                if (l.basis() == CostBasis.UNBLENDED && l.recordType().equals(SimCatalog.TAX)) {
                    assertThat(l.amount()).isPositive();
                    taxed.add(l.account());
                }
            }
            assertThat(taxed).containsAll(charged).contains(management);
        }
    }

    @Nested
    class MonthEnd {
        @Test
        void supportFeeOfAMonthIsAddedOnTheSixthOrSeventhOfTheNext() {
            Instant added = truth().supportFeeAddedAt(OCTOBER);
            assertThat(added).isBetween(Instant.parse("2026-11-06T00:00:00Z"), Instant.parse("2026-11-07T23:59:59Z"));
            GetCostAndUsageRequest support = request(OCTOBER.atDay(1), OCTOBER.atDay(2), Granularity.DAILY)
                    .filter(is(Dimension.RECORD_TYPE, SimCatalog.SUPPORT))
                    .build();
            sim.server.clock().set(added.minusSeconds(1));
            assertThat(payer.getCostAndUsage(support)
                            .resultsByTime()
                            .get(0)
                            .total()
                            .get("UnblendedCost")
                            .amount())
                    .isEqualTo("0.000000");
            assertThat(truth().invoice(OCTOBER, added.minusSeconds(1)).closed()).isTrue();
            sim.server.clock().set(added);
            BigDecimal fee = new BigDecimal(payer.getCostAndUsage(support)
                    .resultsByTime()
                    .get(0)
                    .total()
                    .get("UnblendedCost")
                    .amount());
            assertThat(fee)
                    .isGreaterThanOrEqualTo(new BigDecimal("100"))
                    .isEqualByComparingTo(truth().invoice(OCTOBER, added)
                            .amount(management, CostBasis.UNBLENDED, SimCatalog.SUPPORT));
        }

        @Test
        void refundsLandAfterTheMonthIsFinal() {
            Instant closed = Instant.parse("2026-11-03T00:00:00Z");
            Invoice atClose = truth().invoice(OCTOBER, closed);
            Invoice later = truth().invoice(OCTOBER, Instant.parse("2026-11-30T00:00:00Z"));
            assertThat(atClose.closed()).isTrue();
            assertThat(atClose.byRecordType(CostBasis.UNBLENDED)).doesNotContainKey(SimCatalog.REFUND);
            BigDecimal refunds = later.byRecordType(CostBasis.UNBLENDED).get(SimCatalog.REFUND);
            assertThat(refunds).isNegative();
            // the same through Cost Explorer: October's refunds are absent at close and present three weeks on
            GetCostAndUsageRequest q = request(
                            OCTOBER.atDay(1), OCTOBER.plusMonths(1).atDay(1), Granularity.MONTHLY)
                    .filter(is(Dimension.RECORD_TYPE, SimCatalog.REFUND))
                    .build();
            sim.server.clock().set(closed);
            assertThat(new BigDecimal(payer.getCostAndUsage(q)
                            .resultsByTime()
                            .get(0)
                            .total()
                            .get("UnblendedCost")
                            .amount()))
                    .isZero();
            sim.server.clock().set(Instant.parse("2026-11-30T00:00:00Z"));
            assertThat(new BigDecimal(payer.getCostAndUsage(q)
                            .resultsByTime()
                            .get(0)
                            .total()
                            .get("UnblendedCost")
                            .amount()))
                    .isEqualByComparingTo(refunds);
        }
    }

    @Nested
    class History {
        @Test
        void thirteenMonthsOfDailyHistoryThenValidationException() {
            SimAccount a = sim.activeAccount(1);
            LocalDate earliest = LocalDate.parse("2025-10-01");
            GetCostAndUsageResponse r =
                    payer.getCostAndUsage(request(earliest, LocalDate.parse("2026-11-11"), Granularity.DAILY)
                            .filter(is(Dimension.LINKED_ACCOUNT, a.id().value()))
                            .build());
            assertThat(r.resultsByTime()).hasSize(406);
            LocalDate joined = LocalDate.ofInstant(a.joinedAt(), java.time.ZoneOffset.UTC);
            List<LocalDate> withCost = new ArrayList<>();
            for (ResultByTime t : r.resultsByTime()) {
                if (new BigDecimal(t.total().get("UnblendedCost").amount()).signum() != 0) {
                    withCost.add(LocalDate.parse(t.timePeriod().start()));
                }
            }
            assertThat(withCost.get(0)).isEqualTo(joined.isAfter(earliest) ? joined : earliest);
            assertThatThrownBy(() -> payer.getCostAndUsage(
                            request(earliest.minusDays(1), LocalDate.parse("2026-11-11"), Granularity.MONTHLY)
                                    .build()))
                    .isInstanceOfSatisfying(CostExplorerException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                        assertThat(e.awsErrorDetails().errorMessage()).contains("13 months", earliest.toString());
                    });
        }
    }

    @Nested
    class Organizations {
        @Test
        void aMemberAccountLearnsTheManagementAccountFromDescribeOrganization() {
            try (var creds = sim.assume(sim.activeAccount(2));
                    OrganizationsClient orgs = sim.client(OrganizationsClient.builder(), creds)) {
                assertThat(orgs.describeOrganization().organization().masterAccountId())
                        .isEqualTo(management.value());
            }
        }
    }
}
