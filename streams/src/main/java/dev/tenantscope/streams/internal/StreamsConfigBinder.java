package dev.tenantscope.streams.internal;

import dev.tenantscope.config.AlertsConfig.QuotaAlerts;
import dev.tenantscope.config.ConfigNode;
import dev.tenantscope.config.Grammar;
import dev.tenantscope.config.SharedConfig;
import dev.tenantscope.streams.StreamsAppConfig;
import dev.tenantscope.streams.StreamsAppConfig.BaselineRule;
import dev.tenantscope.streams.StreamsAppConfig.Cost;
import dev.tenantscope.streams.StreamsAppConfig.CostAnomaly;
import dev.tenantscope.streams.StreamsAppConfig.Noisy;
import dev.tenantscope.streams.StreamsAppConfig.Quota;
import dev.tenantscope.streams.StreamsAppConfig.Rollups;
import dev.tenantscope.streams.StreamsAppConfig.SharedAccount;
import dev.tenantscope.streams.StreamsAppConfig.Sink;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The {@code streams} section, bound with the one grammar. */
public final class StreamsConfigBinder {
    private static final String BASELINE_RULES = """
            - {service: AWS CloudTrail, component: audit}
            - {service: AWS Config, component: audit}
            - {service: Amazon GuardDuty, component: security}
            - {service: AWS Security Hub, component: security}
            - {service: AWS Key Management Service, component: security}
            - {service: AmazonCloudWatch, component: observability}
            """;

    private enum ShareMode {
        EVEN,
        USAGE,
        FIXED
    }

    private StreamsConfigBinder() {}

    public static StreamsAppConfig bind(ConfigNode n, SharedConfig shared) {
        String applicationId = n.string(
                "applicationId", "tenantscope-streams", "Kafka Streams application id: one per fleet of instances");
        if (!applicationId.matches("[A-Za-z0-9._-]+")) {
            n.problem("applicationId", applicationId, "letters, digits, '.', '_' or '-'");
            applicationId = "tenantscope-streams";
        }
        // the grace of stream-time windows is gone: windows are final once collected, at the latest after maxWait
        n.moved("windowGrace", "streams.rollups.maxWait");
        n.moved("hourWindowGrace", "streams.rollups.maxWait");
        return new StreamsAppConfig(
                applicationId,
                rollups(
                        n.section("rollups", "when rollups of pulled data are final (staleness: alerts.staleAfter)"),
                        shared.alerts().staleAfter()),
                cost(n.section("cost", "per-tenant cost: baseline rules, month close, shared accounts")),
                quota(
                        n.section("quota", "quota alerts (thresholds: alerts.quota)"),
                        shared.alerts().quota()),
                noisy(n.section("noisy", "noisy-tenant detection")),
                costAnomaly(n.section("costAnomaly", "cost-anomaly detection on each cost line's daily cost")),
                sink(n.section("sink", "the ClickHouse sink")),
                n.map(
                        "streamsProperties",
                        Set.of(),
                        (m, k) -> m.string(k, null, null),
                        "extra Kafka Streams properties (e.g. num.stream.threads), applied last"),
                n.integer("prometheusPort", -1, -1, 65535, "/metrics port; 0 picks a free port, -1 disables it"),
                shared.kafka());
    }

    private static Rollups rollups(ConfigNode r, Duration staleAfter) {
        Duration maxWait = r.duration(
                "maxWait",
                Duration.ofHours(1),
                "a window is emitted, marked incomplete, once the tenant's most advanced account is this far past it");
        Duration keep = r.duration(
                "keep",
                Duration.ofHours(2),
                "windows stay correctable until their hour ended this long before the most advanced account");
        if (keep.compareTo(maxWait) < 0) {
            r.problem("keep", Grammar.durationText(keep), "at least maxWait (" + Grammar.durationText(maxWait) + ")");
            keep = maxWait;
        }
        return new Rollups(maxWait, keep, staleAfter);
    }

    private static Cost cost(ConfigNode c) {
        List<BaselineRule> rules = c.list(
                "baselineRules",
                StreamsConfigBinder::baselineRule,
                BASELINE_RULES,
                "cost lines classed as baseline; first match wins, the rest is workload");
        int closeDay = c.integer(
                "closeDayOfMonth",
                8,
                1,
                28,
                "AWS's finalisation day: month M is frozen from this day of month M+1 once none of its days is"
                        + " estimated (support fees land around the 6th-7th)");
        Duration reattribute = c.duration(
                "reattributeEvery", Duration.ofSeconds(10), "cost of then-unknown accounts is re-checked this often");
        Set<String> seen = new HashSet<>();
        List<SharedAccount> shared = c.list(
                "sharedAccounts",
                s -> sharedAccount(s, seen),
                "[]",
                "platform accounts whose cost is split across the tenants: {account, mode: even|usage|fixed,"
                        + " fixedPerTenant, component}");
        return new Cost(rules, closeDay, reattribute, shared);
    }

    private static BaselineRule baselineRule(ConfigNode r) {
        String service = r.optionalString("service", "exact Cost Explorer service name");
        String usage = r.optionalString("usageTypeContains", "a substring of the usage type");
        String component = r.string("component", "baseline", "the baseline component reported");
        if (usage != null) {
            r.problem(
                    "usageTypeContains",
                    usage,
                    "no usageTypeContains: the collector's Cost Explorer pull is not grouped by USAGE_TYPE, so every"
                            + " line's usage type is \"\" and this rule would never match; match on service instead");
            return null;
        }
        if (service == null) {
            r.problem("expected service, got none");
            return null;
        }
        return new BaselineRule(service, usage, component);
    }

    private static SharedAccount sharedAccount(ConfigNode s, Set<String> seen) {
        String account = s.requiredString("account", "a 12-digit account id", "the shared account");
        if (account != null && !account.matches("\\d{12}")) {
            s.problem("account", account, "a 12-digit account id");
        } else if (account != null && !seen.add(account)) {
            s.problem("account", account, "each shared account listed once");
        }
        ShareMode mode = s.enumValue("mode", ShareMode.EVEN, ShareMode.class, "how its cost is split");
        BigDecimal fixed = s.money("fixedPerTenant", null, "fixed mode: charged per tenant per month");
        String component =
                s.string("component", "shared-platform", "the baseline component the allocated cost is reported under");
        if (mode == ShareMode.FIXED && fixed == null && !s.has("fixedPerTenant")) {
            s.problem("fixedPerTenant", "(unset)", "an amount per tenant per month such as $12.50 with mode fixed");
        } else if (mode != ShareMode.FIXED && s.has("fixedPerTenant")) {
            s.problem(
                    "fixedPerTenant",
                    fixed == null ? "(invalid)" : Grammar.moneyText(fixed),
                    "no fixedPerTenant unless mode is fixed (mode is "
                            + mode.name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        return new SharedAccount(
                account,
                mode.name().toLowerCase(java.util.Locale.ROOT),
                fixed == null ? "" : fixed.toPlainString(),
                component);
    }

    private static Quota quota(ConfigNode q, QuotaAlerts alerts) {
        for (String key : List.of("warnAt", "criticalAt", "forecastHorizon", "closeBelow")) {
            q.moved(key, "alerts.quota." + key);
        }
        int history = q.integer("historySize", 24, 2, 10_000, "samples per quota kept for the trend");
        return new Quota(alerts.warnAt(), alerts.criticalAt(), alerts.forecastHorizon(), history, alerts.closeBelow());
    }

    private static CostAnomaly costAnomaly(ConfigNode n) {
        double alpha = n.number("alpha", 0.1, 0.001, 1, "EWMA smoothing of the settled daily cost");
        double open = n.positiveNumber("openSigmas", 4.0, "a day opens beyond expected + this many σ");
        double close = n.positiveNumber("closeSigmas", 1.5, "closes when back within + this many σ (hysteresis)");
        if (close >= open) {
            n.problem("closeSigmas", Grammar.numberText(close), "below openSigmas (" + Grammar.numberText(open) + ")");
            open = 4.0;
            close = 1.5;
        }
        double ratio = n.number("minRatio", 2.2, 1, 1_000, "…and at least this multiple of expected");
        double increase = n.number("minIncreaseUsd", 0.05, 0, 1_000_000, "…and at least this many USD above expected");
        int minHistory = n.integer("minHistoryDays", 7, 0, 3_650, "settled days of own history first (0: none)");
        double percentile =
                n.percent("cohortPercentile", 0.9, "…and ranks at or above this share of its tier cohort's lines");
        List<String> ignore =
                n.stringList("ignoreServices", List.of("Tax"), "services never alerted on (derived lines such as Tax)");
        Duration settle = n.duration(
                "settle",
                Duration.ofSeconds(30),
                Duration.ofSeconds(1),
                Duration.ofHours(1),
                "a line's day is judged once its rows are unchanged this long (wall clock)");
        Duration openWithin = n.duration(
                "openWithin",
                Duration.ofDays(8),
                Duration.ofDays(1),
                Duration.ofDays(400),
                "a day opens an alert only when seen within this long after it began (older days are history:"
                        + " learned, never paged on); at least the collector's cost interval");
        return new CostAnomaly(alpha, open, close, ratio, increase, minHistory, percentile, ignore, settle, openWithin);
    }

    private static Noisy noisy(ConfigNode n) {
        Duration window = n.duration("window", Duration.ofMinutes(5), "which rollup feeds detection: 5m or 1h");
        String windowText = Grammar.durationText(window);
        if (!windowText.equals("5m") && !windowText.equals("1h")) {
            n.problem("window", windowText, "5m or 1h (the rollup windows)");
            windowText = "5m";
        }
        List<String> metrics = n.stringList("metrics", List.of(), "namespace/metric watched; empty watches all");
        double alpha = n.number("alpha", 0.05, 0.001, 1, "EWMA smoothing factor");
        double open = n.positiveNumber("openSigmas", 3.0, "opens beyond EWMA ± this many σ");
        double close = n.positiveNumber("closeSigmas", 1.5, "closes back within ± this many σ (hysteresis)");
        if (close >= open) {
            n.problem("closeSigmas", Grammar.numberText(close), "below openSigmas (" + Grammar.numberText(open) + ")");
            open = 3.0;
            close = 1.5;
        }
        double percentile = n.percent("cohortPercentile", 0.9, "…and ranks at or above this share of its tier cohort");
        int minHistory = n.integer("minHistory", 12, 0, 10_000, "windows of own history first (0: none)");
        double ratio = n.number("minRatio", 3.0, 1, 1_000, "…and at least this multiple of its expected value");
        int horizon =
                n.integer("horizonWindows", 3, 1, 288, "…or the sum of this many latest windows is (small tenants)");
        return new Noisy(windowText, metrics, alpha, open, close, percentile, minHistory, ratio, horizon);
    }

    private static Sink sink(ConfigNode s) {
        String group = s.string("groupId", "tenantscope-clickhouse-sink", "consumer group of the sink");
        int rows = s.integer("batchRows", 20_000, 1, 10_000_000, "insert when this many rows are buffered…");
        Duration linger = s.duration("linger", Duration.ofMillis(500), "…or when the oldest is this old");
        Duration retry = s.duration("retryBackoff", Duration.ofMillis(200), "first pause after a failed insert");
        Duration max = s.duration("maxBackoff", Duration.ofSeconds(10), "the pause doubles up to this");
        if (max.compareTo(retry) < 0) {
            s.problem(
                    "maxBackoff",
                    Grammar.durationText(max),
                    "at least retryBackoff (" + Grammar.durationText(retry) + ")");
            max = retry;
        }
        return new Sink(group, rows, linger, retry, max);
    }
}
