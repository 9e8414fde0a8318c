package dev.tenantscope.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The one home of the alerting thresholds every role reads ({@code alerts}): the collector pulls accounts with a
 * quota at {@code quota.warnAt} as hot, streams opens and closes quota alerts with them, and the query API lists
 * quotas and stale accounts by them.
 *
 * @param staleAfter an active account whose last collection is older than this is stale
 */
public record AlertsConfig(Duration staleAfter, QuotaAlerts quota) {
    public AlertsConfig {
        Objects.requireNonNull(staleAfter, "staleAfter");
        Objects.requireNonNull(quota, "quota");
    }

    /**
     * @param warnAt utilisation that opens a warn alert (and makes the account hot for the collector)
     * @param criticalAt utilisation that escalates to critical
     * @param closeBelow hysteresis: an open alert closes only below {@code warnAt − closeBelow}
     * @param forecastHorizon a linear trend reaching the quota within this opens a warn alert
     */
    public record QuotaAlerts(double warnAt, double criticalAt, double closeBelow, Duration forecastHorizon) {
        public QuotaAlerts {
            if (!(warnAt > 0 && warnAt < criticalAt && criticalAt <= 1)) {
                throw new IllegalArgumentException(
                        "expected 0 < warnAt < criticalAt <= 100%, got " + warnAt + " / " + criticalAt);
            }
            if (!(closeBelow >= 0 && closeBelow < warnAt)) {
                throw new IllegalArgumentException(
                        "expected 0 <= closeBelow < warnAt, got " + closeBelow + " / " + warnAt);
            }
            Objects.requireNonNull(forecastHorizon, "forecastHorizon");
        }
    }

    static AlertsConfig bind(ConfigNode n) {
        Duration stale = n.duration(
                "staleAfter", Duration.ofMinutes(15), "an active account not collected for this long is stale");
        ConfigNode q = n.section("quota", "quota alerts: thresholds as utilisation of the quota");
        double warn = q.percent("warnAt", 0.80, "opens a warn alert; the collector pulls such accounts as hot");
        double critical = q.percent("criticalAt", 0.95, "escalates an open alert to critical");
        double close = q.percentOrZero(
                "closeBelow", 0.05, "hysteresis: an alert closes only below warnAt minus this (0%: at warnAt)");
        Duration horizon = q.duration(
                "forecastHorizon", Duration.ofDays(7), "a trend reaching the quota within this opens a warn alert");
        if (critical <= warn) {
            q.problem("criticalAt", Grammar.percentText(critical), "above warnAt (" + Grammar.percentText(warn) + ")");
            warn = 0.80;
            critical = 0.95;
        }
        if (close >= warn) {
            q.problem("closeBelow", Grammar.percentText(close), "below warnAt (" + Grammar.percentText(warn) + ")");
            close = 0.05;
        }
        double w = warn;
        double c = critical;
        double cb = close;
        return new AlertsConfig(
                stale,
                q.construct(
                        () -> new QuotaAlerts(w, c, cb, horizon),
                        () -> new QuotaAlerts(0.80, 0.95, 0.05, Duration.ofDays(7))));
    }
}
