package dev.tenantscope.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.model.TenantId;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.costexplorer.model.CostExplorerException;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageRequest;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.Group;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinition;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinitionType;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.Tag;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CostOrganizationsIT {
    private SimFixture sim;
    private CostExplorerClient payerCe;
    private OrganizationsClient orgs;

    @BeforeAll
    void start() {
        sim = new SimFixture();
        payerCe = sim.client(CostExplorerClient.builder(), sim.management);
        orgs = sim.client(OrganizationsClient.builder(), sim.management);
    }

    @AfterAll
    void stop() {
        payerCe.close();
        orgs.close();
        sim.close();
    }

    @AfterEach
    void reset() {
        sim.server.clock().set(SimFixture.NOW);
        sim.server.faults().reset();
    }

    private static GroupDefinition dim(String key) {
        return GroupDefinition.builder()
                .type(GroupDefinitionType.DIMENSION)
                .key(key)
                .build();
    }

    private static GetCostAndUsageRequest daily(LocalDate day, GroupDefinition... groupBy) {
        return GetCostAndUsageRequest.builder()
                .timePeriod(p -> p.start(day.toString()).end(day.plusDays(1).toString()))
                .granularity(Granularity.DAILY)
                .metrics("UnblendedCost")
                .groupBy(groupBy)
                .build();
    }

    /** All groups of all pages, following NextPageToken. */
    private static List<Group> allGroups(CostExplorerClient ce, GetCostAndUsageRequest request, int[] pages) {
        List<Group> groups = new ArrayList<>();
        String token = null;
        do {
            GetCostAndUsageResponse r =
                    ce.getCostAndUsage(request.toBuilder().nextPageToken(token).build());
            pages[0]++;
            r.resultsByTime().forEach(t -> groups.addAll(t.groups()));
            token = r.nextPageToken();
        } while (token != null);
        return groups;
    }

    @Nested
    class CostExplorer {
        @Test
        void payerSeesEveryAccountAndServiceAndTenantTotalsMatchGroundTruth() {
            LocalDate day = LocalDate.parse("2026-11-05");
            int[] pages = {0};
            List<Group> groups = allGroups(payerCe, daily(day, dim("LINKED_ACCOUNT"), dim("SERVICE")), pages);
            assertThat(pages[0])
                    .as("1,000 accounts × 9 services need several pages")
                    .isGreaterThan(1);
            Map<TenantId, BigDecimal> byTenant = new HashMap<>();
            for (Group g : groups) {
                if (g.keys()
                        .get(0)
                        .equals(sim.server.truth().managementAccount().value())) {
                    continue; // the payer's own lines: commitment fees and their tax
                }
                SimAccount a = sim.server
                        .truth()
                        .account(dev.tenantscope.model.AccountId.of(g.keys().get(0)))
                        .orElseThrow();
                BigDecimal amount =
                        new BigDecimal(g.metrics().get("UnblendedCost").amount());
                assertThat(amount)
                        .isEqualByComparingTo(sim.server
                                .truth()
                                .costLine(a.id(), day, g.keys().get(1), SimFixture.NOW)
                                .orElseThrow()
                                .amount());
                byTenant.merge(a.tenant(), amount, BigDecimal::add);
            }
            assertThat(byTenant).isNotEmpty();
            byTenant.forEach((t, amount) -> assertThat(amount)
                    .as("tenant %s", t)
                    .isEqualByComparingTo(sim.server
                            .truth()
                            .tenantDailyCost(t, day, SimFixture.NOW)
                            .total()));
            assertThat(groups).anySatisfy(g -> assertThat(g.keys().get(1)).isEqualTo("AWS CloudTrail"));
        }

        @Test
        void aDaysEstimateIsRestatedForThreeDaysThenAtMonthCloseThenFrozen() {
            SimAccount a = sim.activeAccount(10);
            LocalDate day = LocalDate.parse("2026-11-10");
            var req = daily(day, dim("SERVICE")).toBuilder()
                    .filter(f -> f.dimensions(d -> d.key("LINKED_ACCOUNT").values(a.id().value())))
                    .build();
            List<String> seen = new ArrayList<>();
            List<Boolean> estimated = new ArrayList<>();
            Instant[] times = {
                Instant.parse("2026-11-10T06:00:00Z"),
                Instant.parse("2026-11-11T06:00:00Z"),
                Instant.parse("2026-11-12T06:00:00Z"),
                Instant.parse("2026-11-14T06:00:00Z"),
                Instant.parse("2026-12-02T06:00:00Z"),
                Instant.parse("2027-01-15T06:00:00Z")
            };
            for (Instant t : times) {
                sim.server.clock().set(t);
                var r = payerCe.getCostAndUsage(req).resultsByTime().get(0);
                String lambda = r.groups().stream()
                        .filter(g -> g.keys().get(0).equals("AWS Lambda"))
                        .findFirst()
                        .orElseThrow()
                        .metrics()
                        .get("UnblendedCost")
                        .amount();
                seen.add(lambda);
                estimated.add(r.estimated());
                assertThat(new BigDecimal(lambda))
                        .isEqualByComparingTo(sim.server
                                .truth()
                                .costLine(a.id(), day, "AWS Lambda", t)
                                .orElseThrow()
                                .amount());
            }
            assertThat(estimated).containsExactly(true, true, true, false, false, false);
            assertThat(seen.subList(0, 5)).doesNotHaveDuplicates();
            assertThat(seen.get(5)).isEqualTo(seen.get(4));
            assertThat(new BigDecimal(seen.get(5)))
                    .isEqualByComparingTo(sim.server.truth().finalCost(a.id(), day, "AWS Lambda"));
        }

        @Test
        void memberCredentialsSeeOnlyTheirOwnAccount() {
            SimAccount a = sim.activeAccount(11);
            try (var creds = sim.assume(a);
                    CostExplorerClient ce = sim.client(CostExplorerClient.builder(), creds)) {
                var groups = allGroups(ce, daily(LocalDate.parse("2026-11-05"), dim("LINKED_ACCOUNT")), new int[1]);
                assertThat(groups)
                        .singleElement()
                        .satisfies(g -> assertThat(g.keys()).containsExactly(a.id().value()));
            }
        }

        @Test
        void monthlyTotalWithoutGroupingEqualsTenantMonth() {
            SimAccount a = sim.activeAccount(12);
            var r = payerCe.getCostAndUsage(b -> b.timePeriod(
                            p -> p.start("2026-10-01").end("2026-11-01"))
                    .granularity(Granularity.MONTHLY)
                    .metrics("UnblendedCost")
                    .filter(f -> f.dimensions(d -> d.key("LINKED_ACCOUNT").values(a.id().value()))));
            BigDecimal total = new BigDecimal(
                    r.resultsByTime().get(0).total().get("UnblendedCost").amount());
            BigDecimal expected = BigDecimal.ZERO;
            for (LocalDate d = LocalDate.parse("2026-10-01");
                    d.isBefore(LocalDate.parse("2026-11-01"));
                    d = d.plusDays(1)) {
                for (CostLine l : sim.server.truth().costLines(a.id(), d, SimFixture.NOW)) {
                    expected = expected.add(l.amount());
                }
            }
            assertThat(total).isEqualByComparingTo(expected);
            assertThat(r.resultsByTime().get(0).estimated()).isFalse();
        }

        @Test
        void moreThanTwoGroupByKeysOrBadDatesAreValidationErrors() {
            assertThatThrownBy(() -> payerCe.getCostAndUsage(daily(
                            LocalDate.parse("2026-11-05"), dim("LINKED_ACCOUNT"), dim("SERVICE"), dim("SERVICE"))))
                    .isInstanceOfSatisfying(CostExplorerException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    });
            assertThatThrownBy(() -> payerCe.getCostAndUsage(
                            b -> b.timePeriod(p -> p.start("2026-13-01").end("2026-11-01"))
                                    .granularity(Granularity.DAILY)
                                    .metrics("UnblendedCost")))
                    .isInstanceOfSatisfying(
                            CostExplorerException.class,
                            e -> assertThat(e.awsErrorDetails().errorMessage()).contains("yyyy-MM-dd"));
        }
    }

    @Nested
    class Organizations {
        @Test
        void listAccountsPagesThroughJoinedAccountsWithStatus() {
            sim.server.meter().reset();
            List<Account> accounts = orgs.listAccountsPaginator(r -> {}).stream()
                    .flatMap(p -> p.accounts().stream())
                    .toList();
            List<SimAccount> truth = sim.server.truth().accounts(SimFixture.NOW);
            assertThat(accounts).hasSize(truth.size() + 1);
            assertThat(accounts.get(0).id()).isEqualTo("000000000001");
            assertThat(sim.server.meter().snapshot().calls("organizations", "ListAccounts"))
                    .isEqualTo((truth.size() + 1 + 19) / 20);
            Map<String, Account> byId = new HashMap<>();
            accounts.forEach(a -> byId.put(a.id(), a));
            for (SimAccount a : truth) {
                Account listed = byId.get(a.id().value());
                assertThat(listed.statusAsString())
                        .isEqualTo(a.statusAt(SimFixture.NOW).organizationsStatus());
                assertThat(listed.joinedTimestamp()).isEqualTo(a.joinedAt());
            }
            assertThat(sim.server.truth().allAccounts()).hasSizeGreaterThan(truth.size()); // some join later

            sim.server.clock().advance(Duration.ofDays(40));
            assertThat(orgs.listAccountsPaginator(r -> {}).stream()
                            .mapToLong(p -> p.accounts().size())
                            .sum())
                    .isEqualTo(sim.server
                                    .truth()
                                    .accounts(SimFixture.NOW.plus(Duration.ofDays(40)))
                                    .size()
                            + 1L);
        }

        @Test
        void tagsCarryTenantTierAndEnvironment() {
            SimAccount a = sim.activeAccount(13);
            List<Tag> tags =
                    orgs.listTagsForResource(r -> r.resourceId(a.id().value())).tags();
            assertThat(tags)
                    .extracting(Tag::key, Tag::value)
                    .contains(
                            org.assertj.core.groups.Tuple.tuple(
                                    "tenant-id", a.tenant().value()),
                            org.assertj.core.groups.Tuple.tuple("tier", a.tier().tagValue()),
                            org.assertj.core.groups.Tuple.tuple("environment", a.environment()));
        }
    }
}
