package dev.tenantscope.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageRequest;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinitionType;

/** Restated days that drop a group an earlier answer had: as AWS does, on by default ({@code restatementDropsGroups}). */
class RestatementIT {
    private static final LocalDate DAY = LocalDate.parse("2026-11-08");
    private static final Instant SECOND_ESTIMATE = Instant.parse("2026-11-09T06:00:00Z");
    private static final Instant THIRD_ESTIMATE = Instant.parse("2026-11-10T06:00:00Z");

    /** (account, service) groups of {@link #DAY} that the second estimate had and the third no longer has. */
    private static Set<List<String>> dropped(FleetSpec spec) {
        try (SimFixture sim = new SimFixture(spec.withAccounts(300));
                CostExplorerClient ce = sim.client(CostExplorerClient.builder(), sim.management)) {
            sim.server.clock().set(SECOND_ESTIMATE);
            Set<List<String>> before = groups(ce);
            sim.server.clock().set(THIRD_ESTIMATE);
            Set<List<String>> after = groups(ce);
            Set<List<String>> gone = new HashSet<>(before);
            gone.removeAll(after);
            for (List<String> g : gone) {
                assertThat(sim.server
                                .truth()
                                .costLine(dev.tenantscope.model.AccountId.of(g.get(0)), DAY, g.get(1), THIRD_ESTIMATE))
                        .as("ground truth agrees that %s is gone", g)
                        .isEmpty();
            }
            return gone;
        }
    }

    private static Set<List<String>> groups(CostExplorerClient ce) {
        Set<List<String>> out = new HashSet<>();
        String token = null;
        do {
            GetCostAndUsageResponse r = ce.getCostAndUsage(GetCostAndUsageRequest.builder()
                    .timePeriod(p -> p.start(DAY.toString()).end(DAY.plusDays(1).toString()))
                    .granularity(Granularity.DAILY)
                    .metrics("UnblendedCost")
                    .groupBy(
                            g -> g.type(GroupDefinitionType.DIMENSION).key("LINKED_ACCOUNT"),
                            g -> g.type(GroupDefinitionType.DIMENSION).key("SERVICE"))
                    .nextPageToken(token)
                    .build());
            r.resultsByTime().forEach(t -> t.groups().forEach(g -> out.add(g.keys())));
            token = r.nextPageToken();
        } while (token != null);
        return out;
    }

    @Test
    void byDefaultARestatedDayDropsGroupsTheEarlierEstimateHad() {
        assertThat(FleetSpec.defaults().restatementDropsGroups()).isTrue();
        Set<List<String>> gone = dropped(FleetSpec.defaults());
        assertThat(gone).isNotEmpty().allSatisfy(g -> assertThat(g.get(1)).isEqualTo("Amazon API Gateway"));
    }

    @Test
    void withTheKnobOffARestatementKeepsEveryGroup() {
        assertThat(dropped(FleetSpec.defaults().withRestatementDropsGroups(false)))
                .isEmpty();
    }
}
