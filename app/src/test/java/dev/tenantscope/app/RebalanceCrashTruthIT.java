package dev.tenantscope.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.clickhouse.ChdbClickHouse;
import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.Migrations;
import dev.tenantscope.collector.Collector;
import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.fleetsim.AccountStatus;
import dev.tenantscope.fleetsim.FaultConfig;
import dev.tenantscope.fleetsim.FleetSimServer;
import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.GroundTruth;
import dev.tenantscope.fleetsim.QuotaCrossing;
import dev.tenantscope.fleetsim.SimAccount;
import dev.tenantscope.fleetsim.SimClock;
import dev.tenantscope.kafka.EmbeddedKafkaBroker;
import dev.tenantscope.kafkaadmin.TopicProvisioner;
import dev.tenantscope.model.topic.Topics;
import dev.tenantscope.streams.ClickHouseSink;
import dev.tenantscope.streams.StreamsApp;
import dev.tenantscope.streams.StreamsAppConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: rollups and alert state across a rebalance and a crash. The first streams instance runs in a child
 * JVM and holds every task (and its state) for the first sweeps; a second joins in this JVM (a rebalance), one
 * more sweep is processed, and the first is killed with SIGKILL (a second rebalance: the survivor takes over every
 * task, its state rebuilt from the changelogs). Fleet-sim's clock is set
 * so that one account's Lambda concurrency sits above its quota at the first sweeps and falls back before the
 * last ones: its quota alert must open once and close once, and the 5m/1h metric and log rollups must still equal
 * fleet-sim's truth.
 */
class RebalanceCrashTruthIT {
    private static final int ACCOUNTS = 24;
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Duration STEP = Duration.ofMinutes(20);

    @TempDir
    Path dir;

    @Test
    void rollupsAndQuotaAlertsSurviveARebalanceAndASigkill() throws Exception {
        // a quarter of the accounts drift over their Lambda concurrency quota (the default 0.4% leaves 24 without one)
        FleetSpec spec = FleetSpec.defaults().withAccounts(ACCOUNTS).withQuotaDriftFraction(0.25);
        Drop drop;
        try (FleetSimServer probe = FleetSimServer.start(spec, 0, SimClock.fixed(FleetSpec.DEFAULT_GENESIS))) {
            drop = findDrop(probe.truth());
        }
        // sweeps at t0, t0+20m (the plateau), t0+40m and t0+60m (after the drop)
        Instant t0 = Instant.ofEpochSecond(
                Math.floorDiv(drop.at().minus(Duration.ofMinutes(25)).getEpochSecond(), 300) * 300);
        System.out.println("[truth] " + drop.account().id().value() + "'s Lambda concurrency drops from the plateau at "
                + drop.at() + "; first sweep " + t0);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
                FleetSimServer sim = FleetSimServer.start(spec, 0, SimClock.fixed(t0));
                ClickHouseSql clickhouse = ChdbClickHouse.open(dir.resolve("clickhouse"));
                Stack started = new Stack()) {
            Migrations.tenantscope().apply(clickhouse);
            sim.faults().set(FaultConfig.none());
            String bootstrap = broker.bootstrapServers();
            StreamsAppConfig streamsConfig = StreamsAppConfig.defaults();
            int partitions = streamsConfig.kafka().topics().partitions();
            try (Admin admin = broker.admin()) {
                new TopicProvisioner(admin, partitions, (short) 1, Duration.ofDays(7)).ensure(Topics.all());
            }
            // the first instance is the child JVM: it holds every task, and its state, when it is killed
            Process first = StreamsChildProcess.start(dir, bootstrap, "streams-a");
            started.add(first::destroyForcibly);
            started.add(ClickHouseSink.start(streamsConfig, bootstrap, clickhouse));
            SimClock clock = sim.clock();
            CollectorConfig collectorConfig = DemoWiring.collector(CollectorConfig.defaults(), sim, bootstrap, "c-0")
                    .withPrometheusPort(-1);
            try (Collector collector = Collector.open(collectorConfig, clock)) {
                awaitTrue(
                        "the collector to own the partitions",
                        () -> collector.ownedPartitions().size() == partitions);
                collector.sweepOnce();
                collector.awaitAccounts(Duration.ofSeconds(60));
                collector.sweepOnce();
                String alertId = awaitOneQuotaAlert(clickhouse, drop, "open");

                assertThat(first.isAlive())
                        .as("the first streams instance runs (log in %s)", dir)
                        .isTrue();

                started.add(StreamsApp.start(streamsConfig, bootstrap, dir.resolve("streams-b")));
                awaitTrue(
                        "the second streams instance to join the group (log in " + dir + ")",
                        () -> groupMembers(broker, streamsConfig.applicationId()) == 2);
                clock.advance(STEP);
                collector.sweepOnce();
                long committed = committedOffsets(broker, streamsConfig.applicationId());
                awaitTrue(
                        "the group to commit the second sweep",
                        () -> committedOffsets(broker, streamsConfig.applicationId()) > committed);
                // SIGKILL: no leave-group, no final commit; the in-process instance restores its tasks' state
                first.destroyForcibly().waitFor();
                System.out.println("[crash] first streams instance killed (SIGKILL), exit " + first.exitValue());

                clock.advance(STEP);
                collector.sweepOnce();
                clock.advance(STEP);
                collector.sweepOnce();

                Instant from = t0.minus(Duration.ofMinutes(70));
                Instant through = clock.instant().minus(Duration.ofMinutes(10));
                List<SimAccount> collected = sim.truth().accounts(t0).stream()
                        .filter(a -> a.statusAt(t0) == AccountStatus.ACTIVE
                                && a.statusAt(clock.instant()) == AccountStatus.ACTIVE)
                        .toList();
                Map<String, String> want = new TreeMap<>();
                for (Duration size : List.of(Duration.ofMinutes(5), Duration.ofHours(1))) {
                    String w = size.toMinutes() == 5 ? "5m" : "1h";
                    PipelineTruthIT.metricTruth(sim.truth(), collectorConfig, collected, from, through, size)
                            .forEach((k, v) -> want.put(w + "|" + k, v));
                    LogRollupTruth.expected(
                                    sim.truth(),
                                    collected,
                                    collectorConfig.logs().prefixes(),
                                    from,
                                    through,
                                    size)
                            .forEach((k, v) -> want.put(w + "|" + k, v));
                }
                String[] seen = {""};
                boolean equal = poll(() -> {
                    Map<String, String> got = rollups(clickhouse, from, through);
                    seen[0] = got.size() + " of " + want.size() + " closed windows";
                    return got.equals(want);
                });
                System.out.println("[check] rollups after rebalance and SIGKILL vs truth: " + seen[0]);
                Map<String, String> got = rollups(clickhouse, from, through);
                want.keySet().stream()
                        .filter(k -> !want.get(k).equals(got.get(k)))
                        .limit(20)
                        .forEach(
                                k -> System.out.println("[diff] " + k + " want " + want.get(k) + " got " + got.get(k)));
                assertThat(got).isEqualTo(want);
                assertThat(equal).isTrue();

                String closed = awaitOneQuotaAlert(clickhouse, drop, "closed");
                assertThat(closed)
                        .as("the alert opened before the crash is the one closed")
                        .isEqualTo(alertId);
                assertAtMostOneOpenAlertPerQuota(clickhouse);
            }
        }
    }

    /** An account whose Lambda concurrency plateau (1.1 × quota) ends, and the first 5-minute period after it. */
    record Drop(SimAccount account, Instant at) {}

    /** The first account whose plateau ends at least 2 days after genesis and which stays active around it. */
    private static Drop findDrop(GroundTruth truth) {
        Instant genesis = FleetSpec.DEFAULT_GENESIS;
        for (QuotaCrossing c : truth.quotaCrossings(genesis, genesis.plus(Duration.ofDays(60)))) {
            if (c.threshold() < 0.95) {
                continue;
            }
            SimAccount a = truth.account(c.account()).orElseThrow();
            Instant t = Instant.ofEpochSecond(Math.floorDiv(c.at().getEpochSecond(), 300) * 300 + 300);
            for (int i = 0; i < 12 * 24 * 10; i++, t = t.plusSeconds(300)) {
                OptionalDouble v = usage(truth, a, t);
                // off the plateau, down to the account's own concurrency: well under the alert's close threshold
                if (v.isPresent() && v.getAsDouble() < 0.5 * c.quotaValue()) {
                    Instant at = t;
                    boolean active = a.statusAt(at.minus(Duration.ofHours(3))) == AccountStatus.ACTIVE
                            && a.statusAt(at.plus(Duration.ofHours(2))) == AccountStatus.ACTIVE;
                    if (active && at.isAfter(genesis.plus(Duration.ofDays(2)))) {
                        return new Drop(a, at);
                    }
                    break;
                }
            }
        }
        throw new AssertionError(
                "fleet-sim's " + ACCOUNTS + "-account fleet has no Lambda concurrency plateau that ends");
    }

    private static OptionalDouble usage(GroundTruth truth, SimAccount a, Instant t) {
        return truth.metric(a.id(), "AWS/Usage", "ResourceCount", "Maximum", 300, t);
    }

    /** Closed rollups (metrics and logs) of both windows, keyed {@code window|…} as the truth. */
    private static Map<String, String> rollups(ClickHouseSql clickhouse, Instant from, Instant through) {
        Map<String, String> out = new TreeMap<>();
        for (String w : List.of("5m", "1h")) {
            PipelineTruthIT.closedRollups(clickhouse, w, from, through, "1 = 1")
                    .forEach((k, v) -> out.put(w + "|" + k, v));
        }
        return out;
    }

    /** Waits for the drop account's Lambda concurrency alerts to be exactly one, in {@code state}; its id. */
    private static String awaitOneQuotaAlert(ClickHouseSql clickhouse, Drop drop, String state) throws Exception {
        String[] seen = {""};
        boolean one = poll(() -> {
            List<String> alerts = quotaAlerts(clickhouse, drop);
            seen[0] = alerts.toString();
            return alerts.size() == 1 && alerts.get(0).endsWith("|" + state);
        });
        System.out.println(
                "[check] " + drop.account().id().value() + "'s quota alerts, want one " + state + ": " + seen[0]);
        assertThat(one).as("one %s quota alert, saw %s", state, seen[0]).isTrue();
        String only = quotaAlerts(clickhouse, drop).get(0);
        return only.substring(0, only.lastIndexOf('|'));
    }

    /** {@code alert_id|state} of every Lambda concurrency alert of the drop account. */
    private static List<String> quotaAlerts(ClickHouseSql clickhouse, Drop drop) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : clickhouse.rows("SELECT alert_id, state FROM alerts FINAL WHERE kind = 'quota'"
                + " AND account_id = '" + drop.account().id().value() + "' AND subject LIKE 'lambda L-B99A9384 %'"
                + " ORDER BY alert_id")) {
            out.add(r.get("alert_id") + "|" + r.get("state"));
        }
        return out;
    }

    /** No quota of any account has two alerts open at once (a duplicate open after the rebalance or the crash). */
    private static void assertAtMostOneOpenAlertPerQuota(ClickHouseSql clickhouse) {
        List<String> duplicated = new ArrayList<>();
        for (Map<String, Object> r : clickhouse.rows("SELECT account_id, subject, count() AS n FROM alerts FINAL"
                + " WHERE kind = 'quota' AND state = 'open' GROUP BY account_id, subject HAVING n > 1")) {
            duplicated.add(r.get("account_id") + " " + r.get("subject") + " ×" + r.get("n"));
        }
        assertThat(duplicated).as("quotas with more than one open alert").isEmpty();
    }

    private static int groupMembers(EmbeddedKafkaBroker broker, String group) {
        try (Admin admin = broker.admin()) {
            return admin.describeConsumerGroups(List.of(group))
                    .all()
                    .get()
                    .get(group)
                    .members()
                    .size();
        } catch (Exception e) {
            return 0;
        }
    }

    private static long committedOffsets(EmbeddedKafkaBroker broker, String group) {
        try (Admin admin = broker.admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values().stream()
                    .filter(o -> o != null)
                    .mapToLong(o -> o.offset())
                    .sum();
        } catch (Exception e) {
            return 0;
        }
    }

    private static boolean poll(Await.Check check) throws Exception {
        return Await.poll(PATIENCE, check);
    }

    private static void awaitTrue(String what, Await.Check condition) throws Exception {
        Await.awaitTrue(what, PATIENCE, condition);
    }
}
