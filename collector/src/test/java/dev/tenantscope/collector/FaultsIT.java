package dev.tenantscope.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.fleetsim.FaultConfig;
import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.SimAccount;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.events.RunStatus;
import dev.tenantscope.model.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures are data: denied, throttled, expired and restated cases against fleet-sim and a real broker. */
class FaultsIT {
    static final Instant NOW = FleetSpec.DEFAULT_GENESIS.plus(Duration.ofDays(2).plusHours(12));

    @TempDir
    Path dir;

    static Set<String> active(Fixture f, Instant at) {
        return f.sim.truth().accounts(at).stream()
                .filter(a -> a.statusAt(at) == dev.tenantscope.fleetsim.AccountStatus.ACTIVE)
                .map(a -> a.id().value())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void deniedAccountsAreUnobservableWhileThrottledOnesStillComplete() {
        try (Fixture f = new Fixture(dir, 80, NOW)) {
            Set<String> active = active(f, NOW);
            String mismatch = active.iterator().next();
            f.sim.faults()
                    .set(FaultConfig.none()
                            .withExternalIdMismatch(0, Set.of(mismatch))
                            .withDeletedRoles(0.05, Set.of())
                            .withThrottle("*", 0.3));
            Set<String> denied = new HashSet<>(Set.of(mismatch));
            f.sim.truth().deletedRoleAccounts().forEach(a -> denied.add(a.value()));
            denied.retainAll(active);
            assertThat(denied).hasSizeGreaterThan(1);
            try (Collector c = Collector.open(f.config("faults"), f.clock)) {
                SweepReport r = c.sweepOnce();
                System.out.println("30% throttling, " + denied.size() + " denied: "
                        + r.statusByAccount().size() + " accounts, throttles=" + r.throttles() + ", took "
                        + r.duration());
                for (String a : active) {
                    if (denied.contains(a)) {
                        assertThat(r.statusByAccount()).containsEntry(a, "UNOBSERVABLE");
                        assertThat(r.reasonByAccount().get(a)).contains("AccessDenied", "AssumeRole");
                    } else {
                        assertThat(r.statusByAccount())
                                .as(r.reasonByAccount().get(a))
                                .containsEntry(a, "OK");
                    }
                }
                assertThat(r.throttles()).isPositive();
                assertThat(f.sim.meter().snapshot().throttled()).isEqualTo(r.throttles());
                List<CollectorRun> runs = f.read(Topics.COLLECTOR_RUNS);
                assertThat(runs)
                        .filteredOn(run -> denied.contains(run.account().value()))
                        .allSatisfy(run -> {
                            assertThat(run.status()).isEqualTo(RunStatus.UNOBSERVABLE);
                            assertThat(run.errorsByClass()).containsKey("AccessDenied");
                        });
                Set<String> owned = new HashSet<>(active);
                SweepIT.assertCostMatchesTruth(f, f.read(Topics.RAW_COST), owned);
            }
        }
    }

    @Test
    void expiredCredentialsAreRefreshedAndTheSweepCompletes() {
        try (Fixture f = new Fixture(dir, 20, NOW);
                Collector c = Collector.open(f.config("expiry"), f.clock)) {
            f.sim.faults().set(FaultConfig.none().withCredentialTtlSeconds(60));
            Set<String> active = active(f, NOW);
            c.sweepOnce();
            f.sim.meter().reset();
            f.clock.advance(Duration.ofMinutes(5));
            SweepReport r = c.sweepOnce();
            assertThat(r.statusByAccount().values()).containsOnly("OK").hasSize(active.size());
            assertThat(f.sim.meter().snapshot().calls("sts", "AssumeRole")).isEqualTo(active.size());
            assertThat(f.read(Topics.COLLECTOR_RUNS))
                    .filteredOn(run -> run.startedAt().equals(f.clock.instant()))
                    .allSatisfy(run -> assertThat(run.errorsByClass()).containsEntry("ExpiredToken", 1L));
        }
    }

    @Test
    void restatedCostIsPulledAgainAndReplacesTheEarlierValue() {
        try (Fixture f = new Fixture(dir, 10, NOW);
                Collector c = Collector.open(f.config("restate"), f.clock)) {
            c.sweepOnce();
            int first = f.read(Topics.RAW_COST).size();
            f.clock.advance(Duration.ofDays(1));
            SweepReport r = c.sweepOnce();
            List<CostLine> all = f.read(Topics.RAW_COST);
            assertThat(all.size()).isGreaterThan(first);
            Map<String, Set<String>> amounts = new HashMap<>();
            all.forEach(l -> amounts.computeIfAbsent(l.key(), k -> new HashSet<>())
                    .add(l.amount().amount().stripTrailingZeros().toPlainString() + l.estimated()));
            long restated = amounts.values().stream().filter(v -> v.size() > 1).count();
            System.out.println("restated cost keys after one day: " + restated + " of " + amounts.size());
            assertThat(restated).isPositive();
            SweepIT.assertCostMatchesTruth(f, all, active(f, f.clock.instant()));
            assertThat(r.costLines()).isLessThan(all.size());
        }
    }

    @Test
    void newAccountsAreCollectedAndSuspendedOnesStop() {
        try (Fixture f = new Fixture(dir, 200, NOW)) {
            List<SimAccount> all = f.sim.truth().allAccounts();
            SimAccount suspended = all.stream()
                    .filter(a -> a.endsAt() != null
                            && a.endsAt().isAfter(a.joinedAt().plus(Duration.ofDays(1))))
                    .min((a, b) -> a.endsAt().compareTo(b.endsAt()))
                    .orElseThrow();
            Instant start = suspended.endsAt().minus(Duration.ofHours(1));
            SimAccount joiner = all.stream()
                    .filter(a -> a.joinedAt().isAfter(start))
                    .min((a, b) -> a.joinedAt().compareTo(b.joinedAt()))
                    .orElseThrow();
            f.clock.set(start);
            try (Collector c = Collector.open(f.config("lifecycle"), f.clock)) {
                SweepReport before = c.sweepOnce();
                assertThat(before.statusByAccount())
                        .doesNotContainKey(joiner.id().value());
                assertThat(before.statusByAccount()).containsKey(suspended.id().value());
                Instant later = (joiner.joinedAt().isAfter(suspended.endsAt()) ? joiner.joinedAt() : suspended.endsAt())
                        .plus(Duration.ofMinutes(1));
                f.clock.set(later);
                SweepReport after = c.sweepOnce();
                assertThat(after.statusByAccount()).containsEntry(joiner.id().value(), "OK");
                assertThat(after.statusByAccount())
                        .doesNotContainKey(suspended.id().value());
                Map<AccountId, dev.tenantscope.model.events.AccountStatus> latest = new HashMap<>();
                f.read(Topics.ACCOUNTS).forEach(reg -> latest.put(reg.account(), reg.status()));
                assertThat(latest.get(joiner.id())).isEqualTo(dev.tenantscope.model.events.AccountStatus.ACTIVE);
                assertThat(latest.get(suspended.id())).isNotEqualTo(dev.tenantscope.model.events.AccountStatus.ACTIVE);
                assertThat(after.statusByAccount().keySet()).isEqualTo(active(f, later));
            }
        }
    }
}
