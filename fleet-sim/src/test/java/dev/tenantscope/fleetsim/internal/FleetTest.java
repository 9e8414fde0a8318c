package dev.tenantscope.fleetsim.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.fleetsim.AccountStatus;
import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.SimAccount;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FleetTest {
    private static final FleetSpec SPEC = FleetSpec.defaults().withAccounts(10_000);

    @Test
    void sameSeedAndSizeGiveTheSameFleet() {
        Fleet a = new Fleet(SPEC), b = new Fleet(SPEC);
        IntStream.range(0, 10_000).forEach(i -> assertThat(a.account(i)).isEqualTo(b.account(i)));
        assertThat(new Fleet(SPEC.withSeed(7)).account(0)).isNotEqualTo(a.account(0));
    }

    @Test
    void tenThousandAccountsHaveUniqueIdsAndSomeTenantsOwnSeveral() {
        Fleet f = new Fleet(SPEC);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < f.size(); i++) {
            SimAccount a = f.account(i);
            assertThat(ids.add(a.id().value())).isTrue();
            assertThat(f.indexOf(a.id().value())).isEqualTo(i);
        }
        assertThat(f.indexOf(SPEC.managementAccount())).isEqualTo(-1);
        assertThat(f.tenants().size()).isBetween(6_000, 9_000);
        assertThat(IntStream.range(0, f.tenants().size())
                        .filter(t -> f.accountsOfTenant(t).size() > 1)
                        .count())
                .isGreaterThan(1_000);
    }

    @Test
    void accountsJoinBeforeAndAfterGenesisAndSomeAreSuspendedOrClosed() {
        Fleet f = new Fleet(SPEC);
        Instant genesis = SPEC.genesis(), later = genesis.plusSeconds(40L * 86_400);
        long notYet = IntStream.range(0, f.size())
                .filter(i -> f.account(i).statusAt(genesis) == AccountStatus.NOT_JOINED)
                .count();
        assertThat(notYet).isBetween(500L, 1_500L);
        assertThat(IntStream.range(0, f.size()).filter(i -> f.account(i).statusAt(later) == AccountStatus.NOT_JOINED))
                .isEmpty();
        assertThat(IntStream.range(0, f.size())
                        .filter(i -> f.account(i).statusAt(later) == AccountStatus.SUSPENDED)
                        .count())
                .isPositive();
        assertThat(IntStream.range(0, f.size())
                        .filter(i -> f.account(i).statusAt(later) == AccountStatus.CLOSED)
                        .count())
                .isPositive();
    }

    @Test
    void metricsAreDeterministicAndFollowTheDailyShape() {
        Fleet f = new Fleet(SPEC);
        Episodes e = new Episodes(SPEC.seed(), 0);
        MetricModel m = new MetricModel(f, e);
        int a = IntStream.range(0, f.size())
                .filter(i -> f.active(i, SPEC.genesis().getEpochSecond())
                        && f.account(i).endsAt() == null)
                .findFirst()
                .orElseThrow();
        long wed = Instant.parse("2026-11-11T00:00:00Z").getEpochSecond();
        double peak = m.aggregate(a, Metric.LAMBDA_INVOCATIONS, "Sum", wed + 14 * 3600, 7200, Long.MAX_VALUE);
        double night = m.aggregate(a, Metric.LAMBDA_INVOCATIONS, "Sum", wed + 2 * 3600, 7200, Long.MAX_VALUE);
        assertThat(peak).isGreaterThan(night * 2);
        assertThat(m.aggregate(a, Metric.LAMBDA_INVOCATIONS, "Sum", wed, 3600, Long.MAX_VALUE))
                .isEqualTo(new MetricModel(new Fleet(SPEC), e)
                        .aggregate(a, Metric.LAMBDA_INVOCATIONS, "Sum", wed, 3600, Long.MAX_VALUE));
        // datapoints arrive 1-2 minutes after their minute ends: at the period's end its last minutes are missing
        assertThat(m.aggregate(a, Metric.LAMBDA_INVOCATIONS, "SampleCount", wed, 300, wed + 300))
                .isBetween(2.0, 3.0);
        assertThat(m.aggregate(a, Metric.LAMBDA_INVOCATIONS, "SampleCount", wed, 300, wed + 60))
                .isNaN();
        assertThat(m.aggregate(a, Metric.LAMBDA_INVOCATIONS, "SampleCount", wed, 300, wed + 300 + 180))
                .isEqualTo(5);
    }
}
