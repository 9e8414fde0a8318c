package dev.tenantscope.streams.internal;

import dev.tenantscope.streams.StreamsAppConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The cost-anomaly decision for one cost line (tenant, account, service), one observation of one day's cost at a
 * time: pure, so its quality can be measured on ground truth without a topology ({@code
 * CostAnomalyDetectorQualityTest}).
 *
 * <p>History is learned from <b>settled</b> days only (Cost Explorer's Estimated flag false), in day order: an
 * exponentially weighted level and variance, and a day-of-week profile (an EWMA per ISO weekday) that is the
 * expected value once seen. An estimated day is compared with that history after dividing by the line's learned
 * <i>maturity</i> for the estimate's age (how far estimates taken on the day itself, a day or two days later fall short of the
 * settled amount, learned when each day settles; 1 until learned). So a re-pulled estimated day that moves towards
 * its settled amount is the same day seen more completely, never news: every observation is the day's value as it
 * settles, compared with history, not with the previous estimate. A day at or before the newest settled one (a
 * month-close restatement) changes nothing, unless it is a settled day history lacks (backfilled history arriving
 * after the first month-to-date pull): then history is relearned in day order with it, and nothing opens.
 *
 * <p>A day opens an alert when its normalised value is above expected + {@code openSigmas}·σ, at least {@code
 * minRatio} × expected and at least {@code minIncreaseUsd} above it, after {@code minHistoryDays} settled days, and
 * its deviation ranks at or above {@code cohortPercentile} of the other lines of the tier cohort (a price change that
 * moves every tenant's line is not one tenant's anomaly), and it is seen within {@code openWithin} of its start
 * (older days are history: a first start's months, a collector back from an outage). σ is never below {@link #MIN_RELATIVE_SIGMA} of expected.
 * The alert closes when the newest day is back within expected + {@code closeSigmas}·σ (hysteresis); the days it
 * covered never reopen it.
 */
final class CostAnomalyDetector {
    static final double MIN_RELATIVE_SIGMA = 0.10;
    /** Smoothing of the day-of-week profile and of the estimate maturity. */
    static final double PROFILE_ALPHA = 0.3;

    static final int AGES = 3;
    /** Settled days kept for relearning when older history arrives late (six weeks: every weekday six times). */
    static final int HISTORY_DAYS = 42;

    private static final int WEEKDAYS = 7;
    private static final double UNKNOWN = -1;
    private static final int PENDING_DAYS = 7;

    /** One observation of one day's cost of the line, as a cost pull delivered it. */
    record Observation(LocalDate day, double value, boolean estimated, Instant at) {}

    /**
     * What an observation did: the new state, whether it opened or closed the alert, and the numbers behind it.
     *
     * @param maturity the ratio the value was divided by (1 for settled days)
     * @param normalised the value divided by {@code maturity}: what is compared with {@code expected}
     */
    record Decision(
            CostAnomalyState state,
            Transition transition,
            double expected,
            double sigma,
            double maturity,
            double normalised) {}

    enum Transition {
        NONE,
        OPENED,
        CLOSED
    }

    private final StreamsAppConfig.CostAnomaly config;

    CostAnomalyDetector(StreamsAppConfig.CostAnomaly config) {
        this.config = config;
    }

    /** How far the observation stands above the line's expected value, in σ: what the cohort ranks. */
    double score(CostAnomalyState s, Observation o) {
        if (s == null || s.days() == 0) {
            return 0;
        }
        double expected = expected(s, o.day());
        double sigma = sigma(s, expected);
        double normalised = o.value() / maturity(s, o);
        return sigma > 0 ? (normalised - expected) / sigma : 0;
    }

    /**
     * @param s the line's state before this observation, null for its first
     * @param percentile where {@link #score} of this observation ranks among the cohort's latest scores (0–1)
     */
    Decision next(CostAnomalyState s, String tenant, String account, String service, Observation o, double percentile) {
        if (s == null) {
            s = new CostAnomalyState(
                    tenant, account, service, 0, 0, 0, null, List.of(), List.of(), List.of(), 0, null, null, null, null,
                    List.of());
        }
        double expected = expected(s, o.day());
        double sigma = sigma(s, expected);
        double maturity = maturity(s, o);
        double normalised = o.value() / maturity;
        if (s.lastSettled() != null && !o.day().isAfter(s.lastSettled())) {
            CostAnomalyState next = !o.estimated() && historyLacks(s, o.day()) ? relearnedWith(s, o) : s;
            return new Decision(next, Transition.NONE, expected, sigma, maturity, normalised);
        }
        LocalDate newest = s.newestDay() == null || o.day().isAfter(s.newestDay()) ? o.day() : s.newestDay();
        double closeAt = expected + config.closeSigmas() * sigma;
        Transition t = Transition.NONE;
        LocalDate openedDay = s.openedDay();
        Instant openedAt = s.openedAt();
        LocalDate quiet = s.quietThrough();
        if (openedDay == null
                && fresh(o)
                && s.days() >= config.minHistoryDays()
                && (quiet == null || o.day().isAfter(quiet))
                && normalised > expectedHigh(expected, sigma)
                && percentile >= config.cohortPercentile()) {
            t = Transition.OPENED;
            openedDay = o.day();
            openedAt = o.at();
            quiet = o.day();
        } else if (openedDay != null
                && !o.day().isBefore(openedDay)
                && !o.day().isBefore(newest)
                && normalised <= closeAt) {
            t = Transition.CLOSED;
            openedDay = null;
            openedAt = null;
            quiet = newest;
        } else if (openedDay != null && o.day().isAfter(quiet)) {
            quiet = o.day();
        }
        double score = sigma > 0 && s.days() > 0 ? (normalised - expected) / sigma : 0;
        CostAnomalyState next = o.estimated()
                ? remember(s, o, newest, score, openedDay, openedAt, quiet)
                : learn(s, o, expected, closeAt, newest, score, openedDay, openedAt, quiet);
        return new Decision(next, t, expected, sigma, maturity, normalised);
    }

    /** Whether the day is recent enough to page on: seen within {@code openWithin} of its start. */
    private boolean fresh(Observation o) {
        Instant start = o.day().atStartOfDay(ZoneOffset.UTC).toInstant();
        return !Duration.between(start, o.at()).minus(config.openWithin()).isPositive();
    }

    /** The normalised value above which a day opens an alert: the upper end of the expected range. */
    double expectedHigh(double expected, double sigma) {
        return Math.max(
                Math.max(expected + config.openSigmas() * sigma, config.minRatio() * expected),
                expected + config.minIncreaseUsd());
    }

    /** An estimate: kept (the first seen at each age) to learn the maturity when its day settles. */
    private CostAnomalyState remember(
            CostAnomalyState s,
            Observation o,
            LocalDate newest,
            double score,
            LocalDate openedDay,
            Instant openedAt,
            LocalDate quiet) {
        int age = age(o);
        List<CostAnomalyState.Pending> pending = new ArrayList<>();
        boolean found = false;
        for (CostAnomalyState.Pending p : s.pending()) {
            if (p.day().equals(o.day())) {
                found = true;
                List<Double> byAge = new ArrayList<>(p.byAge());
                if (byAge.get(age) == UNKNOWN) {
                    byAge.set(age, o.value());
                }
                pending.add(new CostAnomalyState.Pending(p.day(), byAge));
            } else if (p.day().isAfter(newest.minusDays(PENDING_DAYS))) {
                pending.add(p);
            }
        }
        if (!found) {
            List<Double> byAge = new ArrayList<>(Collections.nCopies(AGES, UNKNOWN));
            byAge.set(age, o.value());
            pending.add(new CostAnomalyState.Pending(o.day(), byAge));
        }
        return new CostAnomalyState(
                s.tenant(),
                s.account(),
                s.service(),
                s.mean(),
                s.variance(),
                s.days(),
                s.lastSettled(),
                s.weekday(),
                s.maturity(),
                pending,
                score,
                openedDay,
                openedAt,
                newest,
                quiet,
                s.history());
    }

    /** A settled day: learned into the level, variance, weekday profile and (from its estimates) the maturity. */
    private CostAnomalyState learn(
            CostAnomalyState s,
            Observation o,
            double expected,
            double closeAt,
            LocalDate newest,
            double score,
            LocalDate openedDay,
            Instant openedAt,
            LocalDate quiet) {
        double v = Math.max(0, o.value());
        List<Double> maturity = s.maturity().isEmpty()
                ? new ArrayList<>(Collections.nCopies(AGES, UNKNOWN))
                : new ArrayList<>(s.maturity());
        List<CostAnomalyState.Pending> pending = new ArrayList<>();
        for (CostAnomalyState.Pending p : s.pending()) {
            if (p.day().equals(o.day())) {
                for (int a = 0; a < AGES; a++) {
                    double est = p.byAge().get(a);
                    if (est != UNKNOWN && v > 0) {
                        double ratio = Math.clamp(est / v, 0.2, 1.5);
                        double m = maturity.get(a);
                        maturity.set(a, m == UNKNOWN ? ratio : m + PROFILE_ALPHA * (ratio - m));
                    }
                }
            } else if (p.day().isAfter(o.day())) {
                pending.add(p);
            }
        }
        CostAnomalyState withMaturity = new CostAnomalyState(
                s.tenant(),
                s.account(),
                s.service(),
                s.mean(),
                s.variance(),
                s.days(),
                s.lastSettled(),
                s.weekday(),
                maturity,
                pending,
                score,
                openedDay,
                openedAt,
                newest,
                quiet,
                s.history());
        return absorb(withMaturity, o.day(), v, expected, closeAt);
    }

    /** One settled day into the level, variance, weekday profile and history. */
    private CostAnomalyState absorb(CostAnomalyState s, LocalDate day, double v, double expected, double closeAt) {
        // an anomaly moves history no more than an ordinary high day does; until there is history, take it as it is
        double x = s.days() >= config.minHistoryDays() ? Math.min(v, closeAt) : v;
        double alpha = config.alpha();
        double mean = s.days() == 0 ? x : s.mean() + alpha * (x - s.mean());
        double dev = x - expected;
        double variance = s.days() == 0 ? 0 : (1 - alpha) * (s.variance() + alpha * dev * dev);
        List<Double> weekday = s.weekday().isEmpty()
                ? new ArrayList<>(Collections.nCopies(WEEKDAYS, UNKNOWN))
                : new ArrayList<>(s.weekday());
        int d = day.getDayOfWeek().getValue() - 1;
        double old = weekday.get(d);
        weekday.set(d, old == UNKNOWN ? x : old + PROFILE_ALPHA * (x - old));
        List<CostAnomalyState.Settled> history = new ArrayList<>(s.history());
        history.add(new CostAnomalyState.Settled(day, v));
        if (history.size() > HISTORY_DAYS) {
            history.remove(0);
        }
        LocalDate last = s.lastSettled() == null || day.isAfter(s.lastSettled()) ? day : s.lastSettled();
        return new CostAnomalyState(
                s.tenant(),
                s.account(),
                s.service(),
                mean,
                variance,
                s.days() + 1,
                last,
                weekday,
                s.maturity(),
                s.pending(),
                s.last(),
                s.openedDay(),
                s.openedAt(),
                s.newestDay(),
                s.quietThrough(),
                history);
    }

    /** Whether a settled day before the newest learned one is missing from history and recent enough to matter. */
    private static boolean historyLacks(CostAnomalyState s, LocalDate day) {
        if (!day.isAfter(s.lastSettled().minusDays(HISTORY_DAYS))) {
            return false;
        }
        return s.history().stream().noneMatch(h -> h.day().equals(day));
    }

    /**
     * History relearned from scratch in day order with one more settled day; maturity, estimates and the alert are
     * kept, and the count of learned days only grows.
     */
    private CostAnomalyState relearnedWith(CostAnomalyState s, Observation o) {
        List<CostAnomalyState.Settled> days = new ArrayList<>(s.history());
        days.add(new CostAnomalyState.Settled(o.day(), Math.max(0, o.value())));
        days.sort(Comparator.comparing(CostAnomalyState.Settled::day));
        CostAnomalyState r = new CostAnomalyState(
                s.tenant(),
                s.account(),
                s.service(),
                0,
                0,
                0,
                null,
                List.of(),
                s.maturity(),
                s.pending(),
                s.last(),
                s.openedDay(),
                s.openedAt(),
                s.newestDay(),
                s.quietThrough(),
                List.of());
        for (CostAnomalyState.Settled h : days) {
            double expected = expected(r, h.day());
            double closeAt = expected + config.closeSigmas() * sigma(r, expected);
            r = absorb(r, h.day(), h.value(), expected, closeAt);
        }
        return new CostAnomalyState(
                r.tenant(),
                r.account(),
                r.service(),
                r.mean(),
                r.variance(),
                Math.max(r.days(), s.days() + 1),
                r.lastSettled(),
                r.weekday(),
                r.maturity(),
                r.pending(),
                r.last(),
                r.openedDay(),
                r.openedAt(),
                r.newestDay(),
                r.quietThrough(),
                r.history());
    }

    private static double expected(CostAnomalyState s, LocalDate day) {
        if (s.weekday().isEmpty()) {
            return s.mean();
        }
        double profile = s.weekday().get(day.getDayOfWeek().getValue() - 1);
        return profile == UNKNOWN ? s.mean() : profile;
    }

    private static double sigma(CostAnomalyState s, double expected) {
        return Math.max(Math.sqrt(Math.max(s.variance(), 0)), Math.abs(expected) * MIN_RELATIVE_SIGMA);
    }

    private static double maturity(CostAnomalyState s, Observation o) {
        if (!o.estimated() || s.maturity().isEmpty()) {
            return 1;
        }
        double m = s.maturity().get(age(o));
        return m == UNKNOWN ? 1 : m;
    }

    /**
     * Whole days from the start of the day to the observation, at most 2: Cost Explorer shows a day's first estimate
     * while the day is still running, and restates it on each of the next days until it settles.
     */
    static int age(Observation o) {
        Instant start = o.day().atStartOfDay(ZoneOffset.UTC).toInstant();
        long days = Duration.between(start, o.at()).toDays();
        return (int) Math.clamp(days, 0, AGES - 1);
    }
}
