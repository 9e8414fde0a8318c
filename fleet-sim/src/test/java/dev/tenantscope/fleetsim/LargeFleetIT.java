package dev.tenantscope.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.model.TenantId;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinitionType;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

/** 10,000 accounts through the real SDK: the whole organisation and a payer-wide cost day. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeFleetIT {
    private SimFixture sim;

    @BeforeAll
    void start() {
        sim = new SimFixture(FleetSpec.defaults().withAccounts(10_000));
    }

    @AfterAll
    void stop() {
        sim.close();
    }

    @Test
    void organizationListsEveryJoinedAccountOfTenThousand() {
        try (OrganizationsClient orgs = sim.client(OrganizationsClient.builder(), sim.management)) {
            long listed = orgs.listAccountsPaginator(r -> {}).stream()
                    .mapToLong(p -> p.accounts().size())
                    .sum();
            assertThat(listed)
                    .isEqualTo(sim.server.truth().accounts(SimFixture.NOW).size() + 1L);
            assertThat(listed).isGreaterThan(9_000);
        }
    }

    @Test
    void costGroupedByTenantTagEqualsTenantDailyTruth() {
        LocalDate day = LocalDate.parse("2026-11-09");
        try (CostExplorerClient ce = sim.client(CostExplorerClient.builder(), sim.management)) {
            GetCostAndUsageResponse r = ce.getCostAndUsage(b -> b.timePeriod(
                            p -> p.start(day.toString()).end(day.plusDays(1).toString()))
                    .granularity(Granularity.DAILY)
                    .metrics("UnblendedCost")
                    .groupBy(g -> g.type(GroupDefinitionType.TAG).key("tenant-id")));
            Map<String, BigDecimal> byTag = new HashMap<>();
            r.resultsByTime()
                    .get(0)
                    .groups()
                    .forEach(g -> byTag.put(
                            g.keys().get(0),
                            new BigDecimal(g.metrics().get("UnblendedCost").amount())));
            assertThat(byTag).hasSizeGreaterThan(6_000);
            // the management account has no tenant tag: its cost (commitment fees, tax) is the untagged group
            BigDecimal untagged = byTag.remove("tenant-id$");
            assertThat(untagged)
                    .isEqualByComparingTo(
                            sim
                                    .server
                                    .truth()
                                    .costLines(sim.server.truth().managementAccount(), day, SimFixture.NOW)
                                    .stream()
                                    .map(CostLine::amount)
                                    .reduce(BigDecimal.ZERO, BigDecimal::add));
            for (String key : byTag.keySet().stream().sorted().limit(300).toList()) {
                TenantId tenant = TenantId.of(key.substring("tenant-id$".length()));
                assertThat(byTag.get(key))
                        .as(key)
                        .isEqualByComparingTo(sim.server
                                .truth()
                                .tenantDailyCost(tenant, day, SimFixture.NOW)
                                .total());
            }
        }
    }
}
