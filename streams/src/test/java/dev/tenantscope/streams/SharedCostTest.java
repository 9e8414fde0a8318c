package dev.tenantscope.streams;

import static dev.tenantscope.streams.Fixture.A1;
import static dev.tenantscope.streams.Fixture.A2;
import static dev.tenantscope.streams.Fixture.ACME;
import static dev.tenantscope.streams.Fixture.GLOBEX;
import static dev.tenantscope.streams.Fixture.cost;
import static dev.tenantscope.streams.Fixture.registration;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.rollup.CostCategory;
import dev.tenantscope.model.rollup.TenantDailyCost;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.Topics;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedCostTest {
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final AccountId SHARED = AccountId.of("555555555555");
    private static final AccountId A3 = AccountId.of("333333333333");
    private static final TenantId INITECH = TenantId.of("initech");

    @TempDir
    Path stateDir;

    private Fixture fx;

    @AfterEach
    void close() {
        if (fx != null) {
            fx.close();
        }
    }

    private Fixture start(String mode, String fixed) {
        StreamsAppConfig config =
                withShared(new StreamsAppConfig.SharedAccount(SHARED.value(), mode, fixed, "shared-observability"));
        fx = new Fixture(config, stateDir);
        TestInputTopic<String, AccountRegistration> accounts = fx.in(Topics.ACCOUNTS);
        for (AccountRegistration r : List.of(
                registration(A1, ACME, "gold"),
                registration(A2, GLOBEX, "gold"),
                registration(A3, INITECH, "gold"),
                registration(SHARED, TenantId.of("platform"), "internal"))) {
            accounts.pipeInput(r.account().value(), r);
        }
        return fx;
    }

    /** Latest shared-account rows per tenant. */
    private static Map<String, BigDecimal> sharedByTenant(Fixture f) {
        return f.out(DerivedTopics.TENANT_COST_DAILY).readKeyValuesToMap().values().stream()
                .filter(r -> r.account().equals(SHARED))
                .collect(Collectors.groupingBy(
                        r -> r.tenant().value(),
                        Collectors.reducing(BigDecimal.ZERO, r -> r.amount().amount(), BigDecimal::add)));
    }

    private static BigDecimal sum(Map<String, BigDecimal> m) {
        return m.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void evenSplitSumsExactlyToTheSharedCostAndSkipsTheOwner() {
        Fixture f = start("even", null);
        f.in(Topics.RAW_COST).pipeInput(SHARED.value(), cost(SHARED, "2026-11-01", "AmazonCloudWatch", "10.00", T0));

        Map<String, BigDecimal> parts = sharedByTenant(f);
        assertThat(parts).containsOnlyKeys("acme", "globex", "initech");
        assertThat(sum(parts)).isEqualByComparingTo("10.00");
        assertThat(parts.get("acme")).isEqualByComparingTo("3.333334");
        assertThat(parts.get("globex")).isEqualByComparingTo("3.333333");
    }

    @Test
    void allocatedRowsAreBaselineUnderTheConfiguredComponent() {
        Fixture f = start("even", null);
        f.in(Topics.RAW_COST).pipeInput(SHARED.value(), cost(SHARED, "2026-11-01", "Amazon EC2", "3.00", T0));

        List<TenantDailyCost> rows = f.out(DerivedTopics.TENANT_COST_DAILY).readValuesToList();
        assertThat(rows).isNotEmpty().allSatisfy(r -> {
            assertThat(r.category()).isEqualTo(CostCategory.BASELINE);
            assertThat(r.baselineComponent()).isEqualTo("shared-observability");
            assertThat(r.account()).isEqualTo(SHARED);
        });
    }

    @Test
    void restatedSharedCostReplacesTheEarlierSplit() {
        Fixture f = start("even", null);
        TestInputTopic<String, CostLine> raw = f.in(Topics.RAW_COST);
        raw.pipeInput(SHARED.value(), cost(SHARED, "2026-11-01", "AmazonCloudWatch", "10.00", T0));
        raw.pipeInput(SHARED.value(), cost(SHARED, "2026-11-01", "AmazonCloudWatch", "7.00", T0.plusSeconds(3600)));

        Map<String, BigDecimal> parts = sharedByTenant(f);
        assertThat(sum(parts)).isEqualByComparingTo("7.00");
        assertThat(parts.get("initech")).isEqualByComparingTo("2.333333");
    }

    @Test
    void usageSplitFollowsEachTenantsWorkloadCost() {
        Fixture f = start("usage", null);
        TestInputTopic<String, CostLine> raw = f.in(Topics.RAW_COST);
        raw.pipeInput(A1.value(), cost(A1, "2026-11-01", "Amazon EC2", "30.00", T0));
        raw.pipeInput(A2.value(), cost(A2, "2026-11-01", "Amazon EC2", "5.00", T0));
        // restated: globex's workload is 10, not 5+10
        raw.pipeInput(A2.value(), cost(A2, "2026-11-01", "Amazon EC2", "10.00", T0.plusSeconds(60)));
        raw.pipeInput(SHARED.value(), cost(SHARED, "2026-11-01", "AmazonCloudWatch", "8.00", T0.plusSeconds(120)));

        Map<String, BigDecimal> parts = sharedByTenant(f);
        assertThat(parts.get("acme")).isEqualByComparingTo("6.00");
        assertThat(parts.get("globex")).isEqualByComparingTo("2.00");
        assertThat(parts.get("initech")).isEqualByComparingTo("0");
        assertThat(sum(parts)).isEqualByComparingTo("8.00");
    }

    @Test
    void usageWithNoWorkloadFallsBackToEven() {
        Fixture f = start("usage", null);
        f.in(Topics.RAW_COST).pipeInput(SHARED.value(), cost(SHARED, "2026-11-01", "AmazonCloudWatch", "3.00", T0));

        assertThat(sharedByTenant(f)).containsValues(new BigDecimal("1.000000")).hasSize(3);
    }

    @Test
    void fixedChargesEveryTenantItsMonthlyAmountPerDayWhateverTheActualCost() {
        Fixture f = start("fixed", "30.00");
        TestInputTopic<String, CostLine> raw = f.in(Topics.RAW_COST);
        raw.pipeInput(SHARED.value(), cost(SHARED, "2026-11-01", "AmazonCloudWatch", "1000.00", T0));
        raw.pipeInput(SHARED.value(), cost(SHARED, "2026-11-01", "AWS Lambda", "5.00", T0));

        Map<String, BigDecimal> parts = sharedByTenant(f);
        // November has 30 days: 30.00 / 30 = 1.00 per tenant per day, once per day however many services
        assertThat(parts).hasSize(3).allSatisfy((t, v) -> assertThat(v).isEqualByComparingTo("1.00"));
    }

    @Test
    void sharedAllocationProcessorsAndStoresAreNamed() {
        StreamsAppConfig config = withShared(new StreamsAppConfig.SharedAccount(SHARED.value(), "usage", null, null));
        assertThat(TenantscopeTopology.build(config).describe().toString())
                .contains("shared-cost-allocate", "shared-cost-usage-store")
                .doesNotContain("KSTREAM-", "KTABLE-", "KSTORE-", "KGSTREAM-");
    }

    private static StreamsAppConfig withShared(StreamsAppConfig.SharedAccount account) {
        StreamsAppConfig defaults = StreamsAppConfig.defaults();
        return defaults.withCost(defaults.cost().withSharedAccounts(List.of(account)));
    }
}
