package dev.tenantscope.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.fleetsim.CostAnomaly;
import dev.tenantscope.fleetsim.CostLine;
import dev.tenantscope.fleetsim.FleetSimServer;
import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.GroundTruth;
import dev.tenantscope.fleetsim.SimAccount;
import dev.tenantscope.fleetsim.SimClock;
import dev.tenantscope.streams.StreamsAppConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cost-anomaly detector with its production defaults, fed what daily cost pulls deliver: every 24 hours (the
 * collector's default {@code schedule.costInterval}) at 06:00 UTC, each line (account × service, record types
 * summed, unblended) of the last 7 days as fleet-sim's Cost Explorer shows it at that moment, estimates and their
 * restatements included, a line a later pull no longer shows as 0; the first pull backfills 28 days. Its alerts are
 * scored against fleet-sim's injected cost anomalies: an alert matches an anomaly of its account and service when
 * the day that opened it is one of the anomaly's days. An anomaly is scored when it is observable: the account has
 * {@code minHistoryDays} + 3 days of history before it, and it raises some day's final cost by at least
 * {@code minIncreaseUsd} (a credit can cancel it). ({@code ./tenantscope bench alerts} scores the same through the
 * whole pipeline.)
 */
class CostAnomalyDetectorQualityTest {
    private static final Instant FIRST_PULL = Instant.parse("2026-10-05T06:00:00Z");
    private static final Instant LAST_PULL = Instant.parse("2026-11-29T06:00:00Z");
    private static final Duration PULL_EVERY = Duration.ofHours(24);
    private static final int WINDOW_DAYS = 7;
    private static final int BACKFILL_DAYS = 28;
    private static final LocalDate SCORE_FROM = LocalDate.parse("2026-10-26");
    private static final LocalDate SCORE_TO = LocalDate.parse("2026-11-26");

    /** An alert opening: the line, the day whose value opened it, when, and whether it was that day's first look. */
    record Opened(String account, String service, LocalDate day, Instant at, boolean restatement) {}

    @ParameterizedTest(name = "fleet seed {0}")
    @ValueSource(longs = {42, 7})
    void onTwoMonthsOfDailyPullsTheDefaultDetectorFindsInjectedAnomaliesWithinOnePull(long seed) throws Exception {
        StreamsAppConfig.CostAnomaly config = StreamsAppConfig.defaults().costAnomaly();
        FleetSpec spec = FleetSpec.defaults().withSeed(seed).withAccounts(80).withCostAnomalyRate(0.3);
        try (FleetSimServer sim = FleetSimServer.start(spec, 0, SimClock.fixed(FIRST_PULL))) {
            GroundTruth truth = sim.truth();
            List<Opened> opened = detect(truth, config);
            List<CostAnomaly> all = truth.costAnomalies(SCORE_FROM, SCORE_TO);
            List<CostAnomaly> anomalies = all.stream()
                    .filter(a -> truth.costAnomalyObservable(a, config.minHistoryDays() + 3, config.minIncreaseUsd()))
                    .toList();
            List<Opened> scored = opened.stream()
                    .filter(o -> !o.day().isBefore(SCORE_FROM) && o.day().isBefore(SCORE_TO.plusDays(3)))
                    .toList();
            List<CostAnomaly> around = truth.costAnomalies(SCORE_FROM.minusDays(7), SCORE_TO.plusDays(7));
            List<Opened> explained = scored.stream()
                    .filter(o -> around.stream().noneMatch(a -> matches(a, o)) && duringBurst(truth, o))
                    .toList();
            List<Opened> falseAlerts = scored.stream()
                    .filter(o -> around.stream().noneMatch(a -> matches(a, o)) && !duringBurst(truth, o))
                    .toList();
            long fromRestatements =
                    falseAlerts.stream().filter(Opened::restatement).count();
            List<Duration> delays = new ArrayList<>();
            for (CostAnomaly a : anomalies) {
                Instant appears =
                        a.firstDay().atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(1));
                scored.stream()
                        .filter(o -> matches(a, o))
                        .map(o -> Duration.between(appears, o.at()))
                        .min(Duration::compareTo)
                        .ifPresent(delay -> {
                            delays.add(delay);
                            if (delay.compareTo(PULL_EVERY) > 0) {
                                System.out.printf("[cost] late %s %s%n", a, delay);
                            }
                        });
            }
            List<Duration> sorted = delays.stream().sorted().toList();
            double precision =
                    scored.isEmpty() ? 1 : 1 - (double) falseAlerts.size() / (scored.size() - explained.size());
            double recall = (double) delays.size() / anomalies.size();
            Duration p50 = sorted.isEmpty() ? Duration.ZERO : sorted.get(sorted.size() / 2);
            Duration max = sorted.isEmpty() ? Duration.ZERO : sorted.getLast();
            System.out.printf(
                    "[cost] seed %d: %d anomalies (%d not observable), %d detected (recall %.3f), delay from the data"
                            + " appearing p50 %s max %s; %d alerts (%d on a noisy invocations burst's day), %d false"
                            + " (precision %.3f), %d opened by"
                            + " restatements alone; false: %s%n",
                    seed,
                    anomalies.size(),
                    all.size() - anomalies.size(),
                    delays.size(),
                    recall,
                    p50,
                    max,
                    scored.size(),
                    explained.size(),
                    falseAlerts.size(),
                    precision,
                    fromRestatements,
                    falseAlerts.stream().limit(5).toList());
            assertThat(anomalies).as("the period has anomalies to find").hasSizeGreaterThan(30);
            assertThat(precision).as("precision; false alerts " + falseAlerts).isGreaterThanOrEqualTo(0.95);
            assertThat(recall).as("recall").isGreaterThanOrEqualTo(0.95);
            assertThat(fromRestatements)
                    .as("alerts opened by restatements alone")
                    .isZero();
            long onTime =
                    delays.stream().filter(x -> x.compareTo(PULL_EVERY) <= 0).count();
            System.out.printf(
                    "[cost] seed %d: %d of %d detected within one cost pull (%s) of the data appearing (%.3f)%n",
                    seed, onTime, anomalies.size(), PULL_EVERY, (double) onTime / anomalies.size());
            assertThat((double) onTime / anomalies.size())
                    .as("share of anomalies alerted within one cost pull (%s) of the data appearing", PULL_EVERY)
                    .isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void withoutInjectedAnomaliesEstimatesRestatementsDroppedGroupsAndCreditsOpenNothing() throws Exception {
        StreamsAppConfig.CostAnomaly config = StreamsAppConfig.defaults().costAnomaly();
        FleetSpec spec = FleetSpec.defaults().withAccounts(80).withCostAnomalyRate(0);
        try (FleetSimServer sim = FleetSimServer.start(spec, 0, SimClock.fixed(FIRST_PULL))) {
            GroundTruth truth = sim.truth();
            List<Opened> opened = detect(truth, config);
            assertThat(opened.stream().filter(o -> !duringBurst(truth, o)))
                    .as("alerts on a fleet without anomalies, other than on the days of noisy invocation bursts")
                    .isEmpty();
        }
    }

    /**
     * The line is a workload service of a tenant with a noisy {@code invocations} episode (×10 invocations for up to
     * 90 minutes) that day: a real jump of that day's usage cost, not an injected anomaly and not a false alert.
     */
    private static boolean duringBurst(GroundTruth truth, Opened o) {
        SimAccount account = truth.allAccounts().stream()
                .filter(a -> a.id().value().equals(o.account()))
                .findFirst()
                .orElseThrow();
        Instant start = o.day().atStartOfDay(ZoneOffset.UTC).toInstant();
        return dev.tenantscope.fleetsim.SimCatalog.WORKLOAD_SERVICES.contains(o.service())
                && truth.noisyEpisodes(start, start.plus(Duration.ofDays(1))).stream()
                        .anyMatch(e -> e.tenant().equals(account.tenant())
                                && e.signal().equals("invocations"));
    }

    private static boolean matches(CostAnomaly a, Opened o) {
        return a.account().value().equals(o.account())
                && a.service().equals(o.service())
                && !o.day().isBefore(a.firstDay())
                && !o.day().isAfter(a.lastDay());
    }

    /** Every pull's changed lines, days in order, through one detector per (tier, service) cohort. */
    private static List<Opened> detect(GroundTruth truth, StreamsAppConfig.CostAnomaly config) {
        CostAnomalyDetector detector = new CostAnomalyDetector(config);
        Map<String, Map<String, CostAnomalyState>> states = new HashMap<>();
        Map<String, Map<String, CostLine>> seen = new HashMap<>();
        Set<String> observed = new HashSet<>();
        List<Opened> opened = new ArrayList<>();
        List<SimAccount> accounts = truth.allAccounts().stream()
                .filter(a -> !a.id().equals(truth.managementAccount()))
                .toList();
        for (Instant pull = FIRST_PULL; !pull.isAfter(LAST_PULL); pull = pull.plus(PULL_EVERY)) {
            LocalDate today = LocalDate.ofInstant(pull, ZoneOffset.UTC);
            int window = pull.equals(FIRST_PULL) ? BACKFILL_DAYS : WINDOW_DAYS;
            for (LocalDate day = today.minusDays(window - 1); !day.isAfter(today); day = day.plusDays(1)) {
                for (SimAccount a : accounts) {
                    Map<String, CostLine> now = new TreeMap<>();
                    for (CostLine l : truth.costLines(a.id(), day, pull)) {
                        now.put(l.service(), l);
                    }
                    String prefix = a.id().value() + "|" + day + "|";
                    Map<String, CostLine> before = seen.computeIfAbsent(prefix, k -> new TreeMap<>());
                    for (CostLine gone : before.values()) {
                        if (!now.containsKey(gone.service())) {
                            now.put(
                                    gone.service(),
                                    new CostLine(
                                            gone.account(),
                                            day,
                                            gone.service(),
                                            java.math.BigDecimal.ZERO,
                                            gone.estimated(),
                                            gone.baseline()));
                        }
                    }
                    for (CostLine l : now.values()) {
                        if (config.ignoreServices().contains(l.service())) {
                            continue;
                        }
                        String lineDay = prefix + l.service();
                        CostLine last = before.get(l.service());
                        if (last != null
                                && last.amount().compareTo(l.amount()) == 0
                                && last.estimated() == l.estimated()) {
                            continue;
                        }
                        if (l.amount().signum() == 0 && last == null) {
                            continue;
                        }
                        before.put(l.service(), l);
                        boolean restatement = !observed.add(lineDay);
                        String tier = a.tier().tagValue();
                        String cohort = tier + "|" + l.service() + "|";
                        Map<String, CostAnomalyState> members = states.computeIfAbsent(cohort, k -> new HashMap<>());
                        CostAnomalyDetector.Observation o = new CostAnomalyDetector.Observation(
                                day, l.amount().doubleValue(), l.estimated(), pull);
                        CostAnomalyState before2 = members.get(a.id().value());
                        double percentile = percentile(members, a.id().value(), detector.score(before2, o));
                        CostAnomalyDetector.Decision d =
                                detector.next(before2, a.tenant().value(), a.id().value(), l.service(), o, percentile);
                        members.put(a.id().value(), d.state());
                        if (d.transition() == CostAnomalyDetector.Transition.OPENED) {
                            opened.add(new Opened(a.id().value(), l.service(), day, pull, restatement));
                        }
                    }
                }
            }
        }
        return opened;
    }

    private static double percentile(Map<String, CostAnomalyState> members, String account, double v) {
        long below = 0, equal = 0, others = 0;
        for (var e : members.entrySet()) {
            if (e.getKey().equals(account)) {
                continue;
            }
            others++;
            if (e.getValue().last() < v) {
                below++;
            } else if (e.getValue().last() == v) {
                equal++;
            }
        }
        return others == 0 ? 0 : (below + equal / 2.0) / others;
    }
}
