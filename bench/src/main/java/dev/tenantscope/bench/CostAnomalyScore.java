package dev.tenantscope.bench;

import dev.tenantscope.bench.AlertScore.Seen;
import dev.tenantscope.fleetsim.CostAnomaly;
import dev.tenantscope.fleetsim.GroundTruth;
import dev.tenantscope.fleetsim.SimCatalog;
import dev.tenantscope.model.rollup.Alert;
import dev.tenantscope.streams.StreamsAppConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scores the pipeline's cost-anomaly alerts against fleet-sim's injected anomalies, the way {@code
 * CostAnomalyDetectorQualityTest} scores the detector alone: an alert (subject {@code account|service}) matches an
 * anomaly of its account and service when it was seen from the anomaly's first day until three days after its last
 * (a cost pull a day, estimates settling over three). An anomaly is to be found when its first day lies in the
 * scored run (at least a day before its end, so a pull could see it) and it is observable: its account has {@code
 * minHistoryDays} + 3 days of history before it and it raises some day's final cost by at least {@code
 * minIncreaseUsd}. An alert on a workload service on a day of one of the tenant's invocation bursts is a real usage
 * jump, counted apart and not false. The delay runs from an hour into the anomaly's first day (the data appearing
 * in Cost Explorer) to the simulated time the alert was seen on the topic. "Within one pull" asks whether the alert
 * was opened by the first daily pull after the data appeared: its {@code openedAt} (the data time of the pull whose
 * rows opened it) at most one pull interval after the data appeared. Seen-at runs later in the benchmark than in
 * production: the detector settles a day for 30 s of wall-clock time, an hour or two of the accelerated clock.
 */
final class CostAnomalyScore {
    private static final Pattern DAY = Pattern.compile(" on (\\d{4}-\\d{2}-\\d{2}):");
    private static final Duration PULL_EVERY = Duration.ofHours(24);

    record Figures(
            int anomalies,
            int notObservable,
            int detected,
            int alerts,
            int onBursts,
            int falseAlerts,
            int falseOnRepull,
            List<Duration> delays,
            int openedWithinOnePull,
            List<String> late) {

        double precision() {
            int judged = alerts - onBursts;
            return judged == 0 ? 1.0 : 1.0 - (double) falseAlerts / judged;
        }

        double recall() {
            return anomalies == 0 ? 1.0 : (double) detected / anomalies;
        }

        /** The {@code q} quantile of the delays in hours, -1 when nothing was detected. */
        double delayQuantileH(double q) {
            if (delays.isEmpty()) {
                return -1;
            }
            List<Duration> sorted = delays.stream().sorted().toList();
            int i = Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
            return sorted.get(i).toSeconds() / 3600.0;
        }

        /** The share of detected anomalies opened by the first cost pull after the data appeared. */
        double withinOnePull() {
            return delays.isEmpty() ? 0 : (double) openedWithinOnePull / delays.size();
        }
    }

    private CostAnomalyScore() {}

    static Figures score(
            GroundTruth truth,
            StreamsAppConfig.CostAnomaly config,
            Instant from,
            Instant to,
            List<Seen> alerts,
            Map<String, Alert> opened) {
        LocalDate firstDay = from.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate lastDay = to.minus(Duration.ofDays(1)).atZone(ZoneOffset.UTC).toLocalDate();
        List<CostAnomaly> inRun = truth.costAnomalies(firstDay, lastDay);
        List<CostAnomaly> toFind = inRun.stream()
                .filter(a -> truth.costAnomalyObservable(a, config.minHistoryDays() + 3, config.minIncreaseUsd()))
                .toList();
        List<CostAnomaly> around = truth.costAnomalies(firstDay.minusDays(7), lastDay.plusDays(7));
        int detected = 0;
        int openedWithinOnePull = 0;
        List<Duration> delays = new ArrayList<>();
        List<String> late = new ArrayList<>();
        for (CostAnomaly a : toFind) {
            Optional<Seen> first = alerts.stream().filter(s -> matches(a, s)).min(Comparator.comparing(Seen::seenAt));
            if (first.isPresent()) {
                detected++;
                Instant appears =
                        a.firstDay().atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(1));
                Duration d = Duration.between(appears, first.get().seenAt());
                delays.add(d.isNegative() ? Duration.ZERO : d);
                Duration openDelay = Duration.between(
                        appears, opened.get(first.get().alertId()).openedAt());
                if (openDelay.compareTo(PULL_EVERY) <= 0) {
                    openedWithinOnePull++;
                } else {
                    late.add(a.account().value() + " " + a.service() + " " + a.firstDay() + " opened +"
                            + openDelay.toHours() + "h");
                }
            }
        }
        int onBursts = 0, falseAlerts = 0, falseOnRepull = 0;
        for (Seen s : alerts) {
            if (around.stream().anyMatch(a -> matches(a, s))) {
                continue;
            }
            Alert alert = opened.get(s.alertId());
            LocalDate day = day(alert);
            if (duringBurst(truth, alert, day)) {
                onBursts++;
                continue;
            }
            falseAlerts++;
            if (day != null
                    && alert.openedAt()
                            .isAfter(day.plusDays(1)
                                    .atStartOfDay(ZoneOffset.UTC)
                                    .toInstant()
                                    .plus(PULL_EVERY))) {
                falseOnRepull++;
            }
        }
        return new Figures(
                toFind.size(),
                inRun.size() - toFind.size(),
                detected,
                alerts.size(),
                onBursts,
                falseAlerts,
                falseOnRepull,
                List.copyOf(delays),
                openedWithinOnePull,
                List.copyOf(late));
    }

    private static boolean matches(CostAnomaly a, Seen s) {
        Instant start = a.firstDay().atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant until = a.lastDay().plusDays(4).atStartOfDay(ZoneOffset.UTC).toInstant();
        return s.subject().equals(a.account().value() + "|" + a.service())
                && !s.seenAt().isBefore(start)
                && s.seenAt().isBefore(until);
    }

    /** The day whose cost opened the alert, from its evidence ("… on 2026-11-20: …"); null when absent. */
    private static LocalDate day(Alert alert) {
        Matcher m = DAY.matcher(alert.evidence());
        return m.find() ? LocalDate.parse(m.group(1)) : null;
    }

    private static boolean duringBurst(GroundTruth truth, Alert alert, LocalDate day) {
        if (day == null || !SimCatalog.WORKLOAD_SERVICES.contains(alert.subject())) {
            return false;
        }
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        return truth.noisyEpisodes(start, start.plus(Duration.ofDays(1))).stream()
                .anyMatch(e -> e.tenant().equals(alert.tenant()) && e.signal().equals("invocations"));
    }
}
