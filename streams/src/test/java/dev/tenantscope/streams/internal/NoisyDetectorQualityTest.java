package dev.tenantscope.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.fleetsim.AccountStatus;
import dev.tenantscope.fleetsim.FleetSimServer;
import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.GroundTruth;
import dev.tenantscope.fleetsim.NoisyEpisode;
import dev.tenantscope.fleetsim.SimAccount;
import dev.tenantscope.fleetsim.SimClock;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.streams.StreamsAppConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The noisy-tenant detector with its production defaults, fed a simulated week of every tenant's complete 5-minute
 * windows (fleet-sim's ground truth, summed over the tenant's active accounts, exactly what a final rollup
 * carries) for the collector's default metrics: its alerts are scored against fleet-sim's noisy episodes. An alert
 * matches an episode of its tenant when it opens during the episode or up to 30 minutes after; a detector that
 * pages on diurnal swings, Poisson noise or tenants joining fails the precision bound, one that misses bursts fails
 * the recall bound. ({@code ./tenantscope bench alerts} scores the same through the whole pipeline.)
 */
class NoisyDetectorQualityTest {
    private static final Instant FROM = FleetSpec.DEFAULT_GENESIS.plus(Duration.ofDays(3));
    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Duration WARMUP = Duration.ofDays(1);
    private static final Duration LATE = Duration.ofMinutes(30);
    private static final int OBSERVABLE_EVENTS = 10;
    private static final String[][] SIGNALS = {
        {"AWS/Lambda", "Errors", "Sum"},
        {"AWS/Lambda", "Throttles", "Sum"},
        {"AWS/Lambda", "Invocations", "Sum"},
        {"AWS/Lambda", "Duration", "Average"},
    };

    private record Opened(String tenant, String signal, Instant at) {}

    @ParameterizedTest(name = "fleet seed {0}")
    @ValueSource(longs = {42, 7})
    void onASimulatedWeekTheDefaultDetectorPagesOnEpisodesOnlyAndWithinFifteenMinutes(long seed) throws Exception {
        StreamsAppConfig.Noisy config = StreamsAppConfig.defaults().noisy();
        try (FleetSimServer sim = FleetSimServer.start(
                FleetSpec.defaults().withSeed(seed).withAccounts(80).withNoisyRate(0.1), 0, SimClock.fixed(FROM))) {
            GroundTruth truth = sim.truth();
            List<Opened> opened = detect(truth, config);
            Instant scoreFrom = FROM.plus(WARMUP);
            List<NoisyEpisode> all = truth.noisyEpisodes(scoreFrom, FROM.plus(WEEK)).stream()
                    .filter(e -> !e.end().plus(LATE).isAfter(FROM.plus(WEEK)))
                    .toList();
            List<NoisyEpisode> episodes =
                    all.stream().filter(e -> observable(truth, e)).toList();
            List<Opened> scored =
                    opened.stream().filter(o -> !o.at().isBefore(scoreFrom)).toList();
            List<Opened> falseAlerts = scored.stream()
                    .filter(o -> episodes.stream().noneMatch(e -> matches(e, o)))
                    .toList();
            List<Duration> delays = new ArrayList<>();
            for (NoisyEpisode e : episodes) {
                scored.stream()
                        .filter(o -> matches(e, o))
                        .map(o -> Duration.between(e.start(), o.at()))
                        .min(Duration::compareTo)
                        .ifPresent(delays::add);
            }
            long detected = delays.size();
            Duration medianDelay = delays.stream().sorted().toList().get(delays.size() / 2);
            Map<String, Long> falseBySignal = new TreeMap<>();
            falseAlerts.forEach(o -> falseBySignal.merge(o.signal(), 1L, Long::sum));
            double precision = scored.isEmpty() ? 1 : 1 - (double) falseAlerts.size() / scored.size();
            double recall = (double) detected / episodes.size();
            System.out.printf(
                    "[noisy] seed %d: %d episodes (%d too small to observe), %d detected (recall %.3f), median delay %s; %d alerts, %d false"
                            + " (precision %.3f) %s%n",
                    seed,
                    episodes.size(),
                    all.size() - episodes.size(),
                    detected,
                    recall,
                    medianDelay,
                    scored.size(),
                    falseAlerts.size(),
                    precision,
                    falseBySignal);
            assertThat(episodes).as("the week has noisy episodes to find").hasSizeGreaterThan(20);
            assertThat(precision)
                    .as("precision; false alerts by signal " + falseBySignal)
                    .isGreaterThanOrEqualTo(0.95);
            assertThat(recall).as("recall").isGreaterThanOrEqualTo(0.95);
            assertThat(medianDelay)
                    .as("median time from an episode's start to its alert")
                    .isLessThanOrEqualTo(Duration.ofMinutes(15));
        }
    }

    /**
     * A throttles or errors episode of a tenant with almost no traffic adds a handful of events over its whole
     * duration, which no detector can tell from noise: at least {@link #OBSERVABLE_EVENTS} throttled or failed calls
     * over the episode make it one to find. An invocations episode (×10) always is.
     */
    private static boolean observable(GroundTruth truth, NoisyEpisode e) {
        if (e.signal().equals("invocations")) {
            return true;
        }
        String[] signal = e.signal().equals("throttles") ? SIGNALS[1] : SIGNALS[0];
        double events = 0;
        for (Instant w = e.start().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
                w.isBefore(e.end());
                w = w.plus(WINDOW)) {
            if (!w.plus(WINDOW).isBefore(e.start())) {
                events += windowValues(truth, signal, w).getOrDefault(e.tenant(), 0.0);
            }
        }
        return events >= OBSERVABLE_EVENTS;
    }

    private static boolean matches(NoisyEpisode e, Opened o) {
        return e.tenant().value().equals(o.tenant())
                && !o.at().isBefore(e.start())
                && !o.at().isAfter(e.end().plus(LATE));
    }

    /** Every tenant's windows in time order through one detector per (tier, signal) cohort, as the processor does. */
    private static List<Opened> detect(GroundTruth truth, StreamsAppConfig.Noisy config) {
        NoisyDetector detector = new NoisyDetector(config);
        Map<String, NoisyState> states = new HashMap<>();
        List<Opened> opened = new ArrayList<>();
        for (Instant w = FROM; w.isBefore(FROM.plus(WEEK)); w = w.plus(WINDOW)) {
            for (String[] signal : SIGNALS) {
                Map<TenantId, Double> values = windowValues(truth, signal, w);
                for (var e : values.entrySet()) {
                    String tenant = e.getKey().value();
                    String tier = tierOf(truth, e.getKey());
                    String member = tier + "|" + signal[1] + "|" + tenant;
                    double score = detector.score(states.get(member), w, e.getValue());
                    double percentile = percentile(states, tier + "|" + signal[1] + "|", tenant, score);
                    NoisyDetector.Decision d =
                            detector.next(states.get(member), tenant, w, w.plus(WINDOW), e.getValue(), percentile);
                    states.put(member, d.state());
                    if (d.transition() == NoisyDetector.Transition.OPENED) {
                        opened.add(new Opened(tenant, signal[1], w.plus(WINDOW)));
                    }
                }
            }
        }
        return opened;
    }

    private static Map<TenantId, Double> windowValues(GroundTruth truth, String[] signal, Instant w) {
        Map<TenantId, Double> values = new TreeMap<>();
        for (SimAccount a : truth.accounts(w)) {
            if (a.statusAt(w) != AccountStatus.ACTIVE) {
                continue;
            }
            truth.metric(a.id(), signal[0], signal[1], signal[2], 300, w)
                    .ifPresent(v -> values.merge(a.tenant(), v, Double::sum));
        }
        return values;
    }

    private static String tierOf(GroundTruth truth, TenantId tenant) {
        return truth.accountsOf(tenant).getFirst().tier().tagValue();
    }

    private static double percentile(Map<String, NoisyState> states, String cohort, String tenant, double v) {
        long below = 0, equal = 0, others = 0;
        for (var e : states.entrySet()) {
            if (!e.getKey().startsWith(cohort) || e.getValue().tenant().equals(tenant)) {
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
