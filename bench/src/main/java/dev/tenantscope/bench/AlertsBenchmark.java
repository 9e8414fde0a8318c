package dev.tenantscope.bench;

import dev.tenantscope.bench.AlertScore.Episode;
import dev.tenantscope.bench.AlertScore.Result;
import dev.tenantscope.bench.AlertScore.Seen;
import dev.tenantscope.clickhouse.ChdbClickHouse;
import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.Migrations;
import dev.tenantscope.collector.Collector;
import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.fleetsim.FaultConfig;
import dev.tenantscope.fleetsim.FleetSimServer;
import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.GroundTruth;
import dev.tenantscope.fleetsim.NoisyEpisode;
import dev.tenantscope.fleetsim.QuotaCrossing;
import dev.tenantscope.fleetsim.SimCatalog;
import dev.tenantscope.fleetsim.SimClock;
import dev.tenantscope.kafka.EmbeddedKafkaBroker;
import dev.tenantscope.kafkaadmin.TopicProvisioner;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.rollup.Alert;
import dev.tenantscope.model.rollup.Alert.AlertKind;
import dev.tenantscope.model.rollup.Alert.AlertState;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.Topics;
import dev.tenantscope.streams.ClickHouseSink;
import dev.tenantscope.streams.StreamsApp;
import dev.tenantscope.streams.StreamsAppConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code bench alerts}: the whole pipeline (fleet-sim, collector, streams topology, ClickHouse sink on chDB, a real
 * broker) over simulated days, its noisy-tenant, quota and cost-anomaly alerts scored against fleet-sim's ground
 * truth.
 *
 * <p>The simulated clock advances one step at a time (default 5 minutes, the hot accounts' alert interval; a
 * longer step is refused, as the schedule would skip data); after each step the collector collects what its
 * production schedule has due ({@link Collector#collectDue()}: planned intervals per activity, the payer cost
 * pull once per planned cost interval) and the benchmark waits until the streams application has consumed
 * everything, so an alert's "seen at" is the simulated time of the collection whose data opened it — the delay
 * an on-call engineer would see with a collector that keeps up. The baseline in the same run is the truth itself:
 * a detector that opened exactly on every episode would score precision and recall 1 with delay 0.
 */
public final class AlertsBenchmark implements Benchmark {
    private static final Instant START = FleetSpec.DEFAULT_GENESIS.plus(Duration.ofDays(5));
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @Override
    public String name() {
        return "alerts";
    }

    @Override
    public String description() {
        return "noisy-tenant, quota and cost-anomaly alerts of the whole pipeline scored against ground truth over"
                + " simulated days; --accounts 40 --days 7 --step-minutes 5 --warmup-hours 6 --noisy-rate 0.1"
                + " --drift-fraction 0.5 --cost-anomaly-rate 0.3";
    }

    @Override
    public Map<String, Number> run(Map<String, String> options, PrintStream out) throws Exception {
        int accounts = Integer.parseInt(options.getOrDefault("accounts", "40"));
        double days = Double.parseDouble(options.getOrDefault("days", "7"));
        Duration step = Duration.ofMinutes(Long.parseLong(options.getOrDefault("step-minutes", "5")));
        Duration warmup = Duration.ofHours(Long.parseLong(options.getOrDefault("warmup-hours", "6")));
        Duration shortest = CollectorConfig.defaults().schedule().hotAlertInterval();
        if (step.isZero() || step.isNegative() || step.compareTo(shortest) > 0) {
            throw new IllegalArgumentException("--step-minutes " + step.toMinutes() + ": expected 1.."
                    + shortest.toMinutes() + " (schedule.hotAlertInterval); a longer step would skip the data of the"
                    + " slots it jumps over");
        }
        FleetSpec spec = FleetSpec.defaults()
                .withAccounts(accounts)
                .withNoisyRate(Double.parseDouble(options.getOrDefault("noisy-rate", "0.1")))
                .withQuotaDriftFraction(Double.parseDouble(options.getOrDefault("drift-fraction", "0.5")))
                .withCostAnomalyRate(Double.parseDouble(options.getOrDefault("cost-anomaly-rate", "0.3")));
        Instant end = START.plusSeconds((long) (days * 86_400));
        Instant scoreFrom = START.plus(warmup);
        Path dir = Files.createTempDirectory("alerts-bench");
        SimClock clock = SimClock.fixed(START);
        StreamsAppConfig streamsConfig = StreamsAppConfig.defaults();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
                FleetSimServer sim = FleetSimServer.start(spec, 0, clock);
                ClickHouseSql clickhouse = ChdbClickHouse.open(dir.resolve("clickhouse"));
                Admin admin = broker.admin()) {
            sim.faults().set(FaultConfig.none());
            Migrations.tenantscope().apply(clickhouse);
            new TopicProvisioner(admin, 12, (short) 1, Duration.ofDays(30)).ensure(Topics.all());
            out.printf(
                    "fleet-sim %s: %d accounts, %d tenants; %s to %s in %d-minute steps (scored from %s)%n",
                    sim.endpoint(), accounts, sim.truth().tenants().size(), START, end, step.toMinutes(), scoreFrom);
            Map<String, Instant> firstOpen = new HashMap<>();
            Map<String, Alert> opened = new HashMap<>();
            long t0 = System.nanoTime();
            try (StreamsApp streams = StreamsApp.start(streamsConfig, broker.bootstrapServers(), dir.resolve("st"));
                    ClickHouseSink sink = ClickHouseSink.start(streamsConfig, broker.bootstrapServers(), clickhouse);
                    Collector collector = Collector.open(collectorConfig(sim, broker), clock);
                    KafkaConsumer<String, Alert> alerts = alertsConsumer(broker)) {
                collector.sweepOnce(); // the discovery leader registers the fleet
                collector.awaitAccounts(PATIENCE);
                out.printf("collector plan at start: %s%n", collector.plan());
                int steps = 0;
                long sweepNanos = 0, settleNanos = 0;
                while (clock.instant().isBefore(end)) {
                    long s0 = System.nanoTime();
                    collector.collectDue();
                    long s1 = System.nanoTime();
                    awaitCaughtUp(admin, streamsConfig.applicationId());
                    drain(alerts, clock.instant(), firstOpen, opened);
                    sweepNanos += s1 - s0;
                    settleNanos += System.nanoTime() - s1;
                    clock.advance(step);
                    if (++steps % 288 == 0) {
                        out.printf(
                                "  %s: %d alerts opened so far, %.0f s elapsed%n",
                                clock.instant(), firstOpen.size(), (System.nanoTime() - t0) / 1e9);
                    }
                }
                out.printf("collector plan at end: %s%n", collector.plan());
                out.printf(
                        "%d steps in %.0f s (collecting %.0f s, streams catching up %.0f s); %d alerts opened, %d rows in"
                                + " ClickHouse%n",
                        steps,
                        (System.nanoTime() - t0) / 1e9,
                        sweepNanos / 1e9,
                        settleNanos / 1e9,
                        firstOpen.size(),
                        sink.rowsInserted());
                out.printf(
                        "alerts opened by kind (warm-up included): %s%n",
                        opened.values().stream()
                                .collect(Collectors.groupingBy(Alert::kind, TreeMap::new, Collectors.counting())));
            }
            return score(sim.truth(), streamsConfig, scoreFrom, end, firstOpen, opened, out);
        }
    }

    private static Map<String, Number> score(
            GroundTruth truth,
            StreamsAppConfig streamsConfig,
            Instant scoreFrom,
            Instant end,
            Map<String, Instant> firstOpen,
            Map<String, Alert> opened,
            PrintStream out) {
        List<Seen> noisyAlerts = seen(firstOpen, opened, AlertKind.NOISY, scoreFrom);
        List<Episode> noisyEpisodes = noisyEpisodes(truth, scoreFrom, end);
        Result noisy = AlertScore.score(noisyEpisodes, noisyAlerts);
        QuotaEpisodes quota = quotaEpisodes(truth, streamsConfig.quota().forecastHorizon(), scoreFrom, end);
        List<Seen> quotaAlerts = seen(firstOpen, opened, AlertKind.QUOTA, scoreFrom);
        // a drift that reaches 100 % in the run may have been alerted during the warm-up, and still be open: in time
        Result quotaRecall = AlertScore.score(quota.inRun(), seen(firstOpen, opened, AlertKind.QUOTA, Instant.MIN));
        Result quotaPrecision = AlertScore.score(quota.all(), quotaAlerts);
        double tenantDays =
                truth.tenants().size() * Duration.between(scoreFrom, end).toSeconds() / 86_400.0;
        out.printf(
                "noisy: %d episodes, %d detected; %d alerts, %d false, by signal %s%n",
                noisy.episodes(),
                noisy.detectedEpisodes(),
                noisy.alerts(),
                noisy.falseAlerts(),
                falseBySignal(noisyEpisodes, noisyAlerts, opened));
        printFalse(out, "noisy", noisyEpisodes, noisyAlerts, opened);
        out.printf(
                "quota: %d drifts reaching 100%% in the run, %d alerted before; %d alerts, %d false%n",
                quotaRecall.episodes(),
                quotaRecall.detectedEpisodes(),
                quotaPrecision.alerts(),
                quotaPrecision.falseAlerts());
        printFalse(out, "quota", quota.all(), quotaAlerts, opened);
        CostAnomalyScore.Figures cost = CostAnomalyScore.score(
                truth,
                streamsConfig.costAnomaly(),
                scoreFrom,
                end,
                seen(firstOpen, opened, AlertKind.COST, scoreFrom),
                opened);
        out.printf(
                "cost: %d anomalies to find (%d not observable), %d detected; %d alerts, %d on a tenant's invocation"
                        + " burst day, %d false (%d of them on a re-pull of a day already seen); late: %s%n",
                cost.anomalies(),
                cost.notObservable(),
                cost.detected(),
                cost.alerts(),
                cost.onBursts(),
                cost.falseAlerts(),
                cost.falseOnRepull(),
                cost.late());
        out.println("baseline (ground truth as the detector): precision 1, recall 1, delay 0 s");
        Map<String, Number> figures = new LinkedHashMap<>();
        figures.put("noisy_precision", round(noisy.precision()));
        figures.put("noisy_recall", round(noisy.recall()));
        figures.put("noisy_detect_p50_s", noisy.delayQuantileS(0.5));
        figures.put("noisy_detect_p95_s", noisy.delayQuantileS(0.95));
        figures.put("noisy_false_per_1000_tenant_days", round(1000.0 * noisy.falseAlerts() / tenantDays));
        figures.put("noisy_episodes", noisy.episodes());
        figures.put("quota_precision", round(quotaPrecision.precision()));
        figures.put("quota_recall", round(quotaRecall.recall()));
        figures.put("quota_lead_p50_h", round(quotaRecall.leadQuantileH(0.5)));
        figures.put("quota_detect_p50_s", quotaRecall.delayQuantileS(0.5));
        figures.put("quota_false_per_1000_tenant_days", round(1000.0 * quotaPrecision.falseAlerts() / tenantDays));
        figures.put("quota_drifts", quotaRecall.episodes());
        figures.put("cost_precision", round(cost.precision()));
        figures.put("cost_recall", round(cost.recall()));
        figures.put("cost_detect_p50_h", round(cost.delayQuantileH(0.5)));
        figures.put("cost_detect_p95_h", round(cost.delayQuantileH(0.95)));
        figures.put("cost_within_one_pull", round(cost.withinOnePull()));
        figures.put("cost_false_per_1000_tenant_days", round(1000.0 * cost.falseAlerts() / tenantDays));
        figures.put("cost_restatement_alerts", cost.falseOnRepull());
        figures.put("cost_anomalies", cost.anomalies());
        figures.put("baseline_precision", 1.0);
        figures.put("baseline_recall", 1.0);
        return figures;
    }

    /** A noisy episode counts an alert seen from its start until 30 minutes after it ends (collection lag). */
    private static List<Episode> noisyEpisodes(GroundTruth truth, Instant from, Instant to) {
        List<Episode> out = new ArrayList<>();
        for (NoisyEpisode e : truth.noisyEpisodes(from, to)) {
            Instant until = e.end().plus(Duration.ofMinutes(30));
            out.add(new Episode(e.tenant().value(), e.start(), e.start(), until, until));
        }
        return out;
    }

    private record QuotaEpisodes(List<Episode> all, List<Episode> inRun) {}

    /**
     * A quota drift ramps linearly (fleet-sim), so its 100 % time extrapolates from the 80 % and 95 % crossings.
     * An alert counts from one forecast horizon before the 80 % crossing until the run's end; it is in time when
     * seen before 100 %. Drifts reaching 100 % inside the scored run make the recall set; every drift whose match
     * window opens before the run's end (its 80 % crossing less than a horizon after it) may absorb alerts
     * (precision).
     */
    private static QuotaEpisodes quotaEpisodes(GroundTruth truth, Duration horizon, Instant from, Instant to) {
        Map<String, Map<Double, Instant>> byAccount = new TreeMap<>();
        // crossings after the run's end too: a forecast alert in the run for a drift that reaches 80 % after it
        // (within the forecast horizon) is an early warning, not a false alert
        for (QuotaCrossing c : truth.quotaCrossings(from.minus(Duration.ofDays(30)), to.plus(horizon))) {
            if (c.quotaCode().equals(SimCatalog.LAMBDA_CONCURRENCY_QUOTA)) {
                byAccount
                        .computeIfAbsent(c.account().value(), k -> new HashMap<>())
                        .put(c.threshold(), c.at());
            }
        }
        List<Episode> all = new ArrayList<>();
        List<Episode> inRun = new ArrayList<>();
        byAccount.forEach((account, at) -> {
            Instant t80 = at.get(0.80);
            Instant t95 = at.get(0.95);
            if (t80 == null) {
                return;
            }
            Instant matchFrom = t80.minus(horizon);
            Instant matchUntil = to.isAfter(matchFrom) ? to : matchFrom;
            // a drift whose 95 % crossing lies beyond what was asked has its 100 % beyond the run: precision only
            Instant t100 = t95 == null
                    ? matchUntil
                    : t95.plus(Duration.between(t80, t95).dividedBy(3));
            Episode e = new Episode(account, t80, matchFrom, matchUntil, t100.isBefore(matchFrom) ? matchFrom : t100);
            all.add(e);
            if (t95 != null && !t100.isBefore(from) && t100.isBefore(to)) {
                inRun.add(e);
            }
        });
        return new QuotaEpisodes(all, inRun);
    }

    private static List<Seen> seen(
            Map<String, Instant> firstOpen, Map<String, Alert> opened, AlertKind kind, Instant scoreFrom) {
        List<Seen> out = new ArrayList<>();
        firstOpen.forEach((id, at) -> {
            Alert a = opened.get(id);
            if (a.kind() == kind && !at.isBefore(scoreFrom)) {
                String subject = switch (kind) {
                    case QUOTA -> a.account();
                    case COST -> a.account() + "|" + a.subject();
                    case NOISY -> a.tenant().value();
                };
                out.add(new Seen(id, subject, at));
            }
        });
        return out;
    }

    /** The false alerts counted by what they were about ("AWS/Lambda Errors"): where a detector needs tuning. */
    private static String falseBySignal(List<Episode> episodes, List<Seen> alerts, Map<String, Alert> opened) {
        return alerts.stream()
                .filter(a -> episodes.stream().noneMatch(e -> e.matches(a)))
                .collect(Collectors.groupingBy(
                        a -> opened.get(a.alertId()).subject(), TreeMap::new, Collectors.counting()))
                .toString();
    }

    /** The first false alerts of a kind, with their evidence: what to read before tuning a detector. */
    private static void printFalse(
            PrintStream out, String kind, List<Episode> episodes, List<Seen> alerts, Map<String, Alert> opened) {
        alerts.stream()
                .filter(a -> episodes.stream().noneMatch(e -> e.matches(a)))
                .sorted(java.util.Comparator.comparing(Seen::seenAt))
                .limit(15)
                .forEach(a -> out.printf(
                        "  false %s seen %s: %s%n",
                        kind, a.seenAt(), opened.get(a.alertId()).evidence()));
    }

    private static void drain(
            KafkaConsumer<String, Alert> consumer,
            Instant now,
            Map<String, Instant> firstOpen,
            Map<String, Alert> opened) {
        for (int empty = 0; empty < 2; ) {
            var records = consumer.poll(Duration.ofMillis(100));
            if (records.isEmpty()) {
                empty++;
                continue;
            }
            for (ConsumerRecord<String, Alert> r : records) {
                Alert a = r.value();
                if (a != null && a.state() == AlertState.OPEN && firstOpen.putIfAbsent(a.alertId(), now) == null) {
                    opened.put(a.alertId(), a);
                }
            }
        }
    }

    /**
     * Waits until the streams application's group has committed every partition it reads up to its end; gives up
     * only when the lag has not shrunk for {@code PATIENCE} (a loaded machine is slow, not stuck).
     */
    private static void awaitCaughtUp(Admin admin, String group) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long best = Long.MAX_VALUE;
        int quiet = 0;
        while (quiet < 2) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            long lag = 0;
            for (var e : committed.entrySet()) {
                lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
            }
            quiet = lag == 0 && !committed.isEmpty() ? quiet + 1 : 0;
            if (lag < best) {
                best = lag;
                deadline = System.nanoTime() + PATIENCE.toNanos();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("streams application " + group + " still " + lag
                        + " records behind, no progress for " + PATIENCE.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    private static KafkaConsumer<String, Alert> alertsConsumer(EmbeddedKafkaBroker broker) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "alerts-bench");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        var topic = DerivedTopics.ALERTS;
        KafkaConsumer<String, Alert> c = new KafkaConsumer<>(
                props, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        c.subscribe(Set.of(topic.name()));
        return c;
    }

    private static CollectorConfig collectorConfig(FleetSimServer sim, EmbeddedKafkaBroker broker) {
        return CollectorConfig.defaults()
                .withCollectorId("alerts-bench")
                .withEndpointOverride(sim.endpoint())
                .withBootstrapServers(broker.bootstrapServers())
                .withPrometheusPort(-1)
                .withIdentity(
                        SimCatalog.MANAGEMENT_ACCESS_KEY_ID,
                        SimCatalog.ANY_SECRET,
                        AccountId.of(sim.spec().managementAccount()),
                        sim.spec().roleName(),
                        sim.spec().externalId());
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
