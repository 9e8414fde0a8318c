package dev.tenantscope.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Scores one alert kind against what really happened: which alerts match an episode of ground truth (precision),
 * which episodes got an alert in time (recall), and how long after the episode began the alert was seen.
 *
 * <p>An alert matches an episode of the same subject (tenant for noisy episodes, account for quota drifts) when it
 * was seen inside the episode's match window. Each episode counts once for recall; every matching alert counts for
 * precision (a second alert on the same episode is not a false page).
 */
final class AlertScore {

    /**
     * Something that happened and should have been alerted on.
     *
     * @param subject tenant id or account id
     * @param start when it began (the noisy episode's start, the quota crossing)
     * @param matchFrom earliest time an alert counts for it (a forecast may open before the crossing)
     * @param matchUntil latest time an alert counts for it
     * @param deadline the latest time an alert is useful (recall counts alerts seen by then)
     */
    record Episode(String subject, Instant start, Instant matchFrom, Instant matchUntil, Instant deadline) {
        Episode {
            Objects.requireNonNull(subject, "subject");
            if (matchUntil.isBefore(matchFrom) || deadline.isBefore(matchFrom)) {
                throw new IllegalArgumentException("episode " + subject + ": window ends before it starts");
            }
        }

        boolean matches(Seen alert) {
            return alert.subject().equals(subject)
                    && !alert.seenAt().isBefore(matchFrom)
                    && !alert.seenAt().isAfter(matchUntil);
        }
    }

    /** An alert as the pipeline opened it: its subject and the simulated time it was first seen on the topic. */
    record Seen(String alertId, String subject, Instant seenAt) {}

    /** The scored figures of one kind. */
    record Result(
            int alerts,
            int matchedAlerts,
            int episodes,
            int detectedEpisodes,
            List<Duration> delays,
            List<Duration> leads) {

        double precision() {
            return alerts == 0 ? 1.0 : (double) matchedAlerts / alerts;
        }

        double recall() {
            return episodes == 0 ? 1.0 : (double) detectedEpisodes / episodes;
        }

        int falseAlerts() {
            return alerts - matchedAlerts;
        }

        /** The {@code q} quantile (0–1) of the detection delays in seconds, -1 when nothing was detected. */
        double delayQuantileS(double q) {
            return quantileS(delays, q);
        }

        /** The {@code q} quantile of how long before the deadline the alert was seen, in hours; -1 when none. */
        double leadQuantileH(double q) {
            double s = quantileS(leads, q);
            return s < 0 ? -1 : s / 3600.0;
        }

        private static double quantileS(List<Duration> xs, double q) {
            if (xs.isEmpty()) {
                return -1;
            }
            List<Duration> sorted = xs.stream().sorted().toList();
            int i = (int) Math.ceil(q * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))).toSeconds();
        }
    }

    private AlertScore() {}

    static Result score(List<Episode> episodes, List<Seen> alerts) {
        int matched = 0;
        for (Seen a : alerts) {
            if (episodes.stream().anyMatch(e -> e.matches(a))) {
                matched++;
            }
        }
        int detected = 0;
        List<Duration> delays = new ArrayList<>();
        List<Duration> leads = new ArrayList<>();
        for (Episode e : episodes) {
            Optional<Seen> first = alerts.stream()
                    .filter(e::matches)
                    .filter(a -> !a.seenAt().isAfter(e.deadline()))
                    .min(Comparator.comparing(Seen::seenAt));
            if (first.isPresent()) {
                detected++;
                Instant seen = first.get().seenAt();
                delays.add(seen.isBefore(e.start()) ? Duration.ZERO : Duration.between(e.start(), seen));
                leads.add(Duration.between(seen, e.deadline()));
            }
        }
        return new Result(alerts.size(), matched, episodes.size(), detected, List.copyOf(delays), List.copyOf(leads));
    }
}
