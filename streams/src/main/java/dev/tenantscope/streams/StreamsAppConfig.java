package dev.tenantscope.streams;

import dev.tenantscope.config.ConfigNode;
import dev.tenantscope.config.ConfigTree;
import dev.tenantscope.config.Environment;
import dev.tenantscope.config.KafkaConfig;
import dev.tenantscope.config.SharedConfig;
import dev.tenantscope.streams.internal.StreamsConfigBinder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything the topology and the sink can be tuned by: the {@code streams} section bound with the one grammar
 * ({@link #bind}), plus the shared {@code kafka} section and the quota thresholds of the shared {@code alerts}
 * section. {@link #defaults()} runs; adjust with the {@code with…} methods.
 *
 * @param applicationId Kafka Streams application id (consumer group, internal topic prefix)
 * @param rollups when the 5m and 1h rollups of pulled data are final, and how long they stay correctable
 * @param streamsProperties extra Kafka Streams properties (e.g. {@code num.stream.threads}), applied last
 * @param prometheusPort where the streams role serves {@code /metrics}; -1: nowhere
 * @param kafka the shared section: brokers, and the partitions and replication of the topics it creates
 */
public record StreamsAppConfig(
        String applicationId,
        Rollups rollups,
        Cost cost,
        Quota quota,
        Noisy noisy,
        CostAnomaly costAnomaly,
        Sink sink,
        Map<String, String> streamsProperties,
        int prometheusPort,
        KafkaConfig kafka) {

    public StreamsAppConfig {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(rollups, "rollups");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(quota, "quota");
        Objects.requireNonNull(noisy, "noisy");
        Objects.requireNonNull(costAnomaly, "costAnomaly");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(kafka, "kafka");
        streamsProperties = Map.copyOf(streamsProperties);
        if (!applicationId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(
                    "applicationId: expected letters, digits, '.', '_' or '-', got '" + applicationId + "'");
        }
    }

    /**
     * A window of a tenant's signal in a region is final when every account being collected for it has been
     * collected past its end; see streams/README.md ("Rollups of pulled data").
     *
     * @param maxWait a window is emitted (incomplete) at the latest when the tenant's most advanced account is
     *     this far past its end
     * @param keep windows stay correctable (a changed datapoint re-emits them) until their hour ended this long
     *     before the most advanced account; later datapoints for them are counted and ignored
     * @param staleAfter an account whose coverage is this far behind the most advanced account's no longer holds
     *     its tenant's windows back (the shared {@code alerts.staleAfter})
     */
    public record Rollups(Duration maxWait, Duration keep, Duration staleAfter) {
        public Rollups {
            Objects.requireNonNull(maxWait, "maxWait");
            Objects.requireNonNull(keep, "keep");
            Objects.requireNonNull(staleAfter, "staleAfter");
            if (!maxWait.isPositive() || !staleAfter.isPositive()) {
                throw new IllegalArgumentException("rollups.maxWait/staleAfter: expected above 0");
            }
            if (keep.compareTo(maxWait) < 0) {
                throw new IllegalArgumentException(
                        "rollups.keep: expected at least rollups.maxWait (" + maxWait + "), got " + keep);
            }
        }
    }

    /** Binds the {@code streams} section; problems go to the section's tree (see {@link ConfigTree}). */
    public static StreamsAppConfig bind(ConfigNode section, SharedConfig shared) {
        return StreamsConfigBinder.bind(section, shared);
    }

    /** Bound from an empty file with the process environment. */
    public static StreamsAppConfig defaults() {
        ConfigTree tree = ConfigTree.empty(Environment.system());
        StreamsAppConfig c = bind(tree.root().section("streams", ""), SharedConfig.bind(tree.root()));
        tree.requireValid();
        return c;
    }

    /**
     * @param baselineRules first match wins; a line matching none is workload
     * @param closeDayOfMonth month M is frozen once stream time reaches this day of month M+1 (00:00 UTC) and none of
     *     its rows is still estimated
     * @param reattributeEvery how often cost of accounts that were unknown is checked against the registry again
     * @param sharedAccounts platform accounts whose cost is split across the tenants instead of charged to the
     *     account's own tenant
     */
    public record Cost(
            List<BaselineRule> baselineRules,
            int closeDayOfMonth,
            Duration reattributeEvery,
            List<SharedAccount> sharedAccounts) {
        public Cost {
            baselineRules = List.copyOf(baselineRules);
            if (closeDayOfMonth < 1 || closeDayOfMonth > 28) {
                throw new IllegalArgumentException("closeDayOfMonth: expected 1-28, got " + closeDayOfMonth);
            }
            if (!reattributeEvery.isPositive()) {
                throw new IllegalArgumentException("reattributeEvery: expected above 0, got " + reattributeEvery);
            }
            sharedAccounts = List.copyOf(sharedAccounts);
        }

        public static Cost defaults() {
            return StreamsAppConfig.defaults().cost();
        }

        public Cost withBaselineRules(List<BaselineRule> rules) {
            return new Cost(rules, closeDayOfMonth, reattributeEvery, sharedAccounts);
        }

        public Cost withReattributeEvery(Duration every) {
            return new Cost(baselineRules, closeDayOfMonth, every, sharedAccounts);
        }

        public Cost withSharedAccounts(List<SharedAccount> shared) {
            return new Cost(baselineRules, closeDayOfMonth, reattributeEvery, shared);
        }
    }

    /**
     * A shared platform account (e.g. the shared observability account) whose cost is allocated to the tenants.
     *
     * @param account the 12-digit account id
     * @param mode {@code even} (the day's cost split equally), {@code usage} (split by each tenant's workload cost
     *     that day; evenly when all are zero) or {@code fixed} (every tenant is charged {@code fixedPerTenant} a
     *     month, whatever the account actually cost)
     * @param fixedPerTenant fixed mode only: USD per tenant per month as a decimal string such as "12.50"; empty
     *     otherwise
     * @param component the baseline component the allocated cost is reported under
     */
    public record SharedAccount(String account, String mode, String fixedPerTenant, String component) {
        public SharedAccount {
            account = account == null ? "" : account;
            mode = mode == null ? "even" : mode;
            fixedPerTenant = fixedPerTenant == null ? "" : fixedPerTenant;
            component = component == null || component.isBlank() ? "shared-platform" : component;
        }
    }

    /**
     * A rule classing cost lines as baseline. Empty matchers match anything; a rule needs at least one.
     *
     * @param service exact service name as Cost Explorer spells it ("AWS CloudTrail")
     * @param usageTypeContains a substring of the usage type ("AlarmMonitorUsage")
     * @param component the baseline component the line is reported under ("audit", "security", …)
     */
    public record BaselineRule(String service, String usageTypeContains, String component) {
        public BaselineRule {
            service = service == null ? "" : service;
            usageTypeContains = usageTypeContains == null ? "" : usageTypeContains;
            component = component == null || component.isBlank() ? "baseline" : component;
        }

        public static BaselineRule service(String service, String component) {
            return new BaselineRule(service, "", component);
        }
    }

    /**
     * Quota alerting: the thresholds come from the shared {@code alerts.quota} section (one home for every role),
     * the trend's history size from {@code streams.quota}.
     *
     * @param warnAt utilisation (0–1) that opens a warn alert
     * @param criticalAt utilisation that escalates to critical
     * @param forecastHorizon a linear trend reaching the quota within this opens a warn alert with the time
     * @param historySize samples per quota kept for the trend
     * @param closeBelow hysteresis: an open alert closes only below {@code warnAt − closeBelow} and no forecast
     */
    public record Quota(
            double warnAt, double criticalAt, Duration forecastHorizon, int historySize, double closeBelow) {
        public Quota {
            if (!(warnAt > 0 && warnAt < criticalAt && criticalAt <= 1)) {
                throw new IllegalArgumentException(
                        "quota: expected 0 < warnAt < criticalAt <= 1, got " + warnAt + "/" + criticalAt);
            }
            if (historySize < 2) {
                throw new IllegalArgumentException("quota.historySize: expected 2 or more, got " + historySize);
            }
            Objects.requireNonNull(forecastHorizon, "forecastHorizon");
        }
    }

    /**
     * @param window which rollup feeds detection, "5m" or "1h"
     * @param metrics which metrics ("namespace/metric") are watched; empty watches all
     * @param alpha EWMA smoothing factor (0–1]
     * @param openSigmas opens when the value is beyond EWMA ± openSigmas·σ…
     * @param closeSigmas …and closes only when back within ± closeSigmas·σ (hysteresis)
     * @param cohortPercentile …and the value ranks at or above this percentile of the tier cohort
     * @param minHistory windows of own history before a tenant can be called noisy
     * @param minRatio …and the value is at least this multiple of its expected value (1: no ratio condition)
     * @param horizonWindows the same test on the sum of this many latest windows (1: single windows only)
     */
    public record Noisy(
            String window,
            List<String> metrics,
            double alpha,
            double openSigmas,
            double closeSigmas,
            double cohortPercentile,
            int minHistory,
            double minRatio,
            int horizonWindows) {
        public Noisy {
            if (!window.equals("5m") && !window.equals("1h")) {
                throw new IllegalArgumentException("noisy.window: expected 5m or 1h, got '" + window + "'");
            }
            metrics = List.copyOf(metrics);
            if (!(closeSigmas > 0 && closeSigmas < openSigmas)) {
                throw new IllegalArgumentException("noisy.closeSigmas: expected 0 < closeSigmas < openSigmas");
            }
            if (horizonWindows < 1) {
                throw new IllegalArgumentException("noisy.horizonWindows: expected 1 or more, got " + horizonWindows);
            }
            if (!(minRatio >= 1)) {
                throw new IllegalArgumentException("noisy.minRatio: expected 1 or more, got " + minRatio);
            }
        }
    }

    /**
     * Cost-anomaly detection on each cost line's daily cost (streams/README.md, "Cost-anomaly detection").
     *
     * @param alpha EWMA smoothing of the settled daily cost's level and variance
     * @param openSigmas a day opens beyond expected + this many σ…
     * @param closeSigmas …and the alert closes when the newest day is back within expected + this many σ
     * @param minRatio …and at least this multiple of expected
     * @param minIncreaseUsd …and at least this many dollars above expected
     * @param minHistoryDays settled days of the line's own history before it can alert
     * @param cohortPercentile …and its deviation ranks at or above this share of the tier cohort's lines
     * @param ignoreServices services never alerted on: lines derived from the others (Tax moves with every service)
     * @param settle a day of a line is evaluated once its cost rows have not changed for this long (wall clock): a
     *     pull's rows of one day (covered usage and its negation, credits) arrive one by one and are judged together
     * @param openWithin a day opens an alert only when it is seen within this long after it began: older days (a
     *     first start's history, a collector back from an outage) are learned, never paged on
     */
    public record CostAnomaly(
            double alpha,
            double openSigmas,
            double closeSigmas,
            double minRatio,
            double minIncreaseUsd,
            int minHistoryDays,
            double cohortPercentile,
            List<String> ignoreServices,
            Duration settle,
            Duration openWithin) {
        public CostAnomaly {
            ignoreServices = List.copyOf(ignoreServices);
            Objects.requireNonNull(settle, "settle");
            if (!settle.isPositive()) {
                throw new IllegalArgumentException("costAnomaly.settle: expected above 0, got " + settle);
            }
            Objects.requireNonNull(openWithin, "openWithin");
            if (!openWithin.isPositive()) {
                throw new IllegalArgumentException("costAnomaly.openWithin: expected above 0, got " + openWithin);
            }
            if (!(alpha > 0 && alpha <= 1)) {
                throw new IllegalArgumentException("costAnomaly.alpha: expected 0 < alpha <= 1, got " + alpha);
            }
            if (!(closeSigmas > 0 && closeSigmas < openSigmas)) {
                throw new IllegalArgumentException("costAnomaly.closeSigmas: expected 0 < closeSigmas < openSigmas");
            }
            if (!(minRatio >= 1)) {
                throw new IllegalArgumentException("costAnomaly.minRatio: expected 1 or more, got " + minRatio);
            }
            if (!(minIncreaseUsd >= 0)) {
                throw new IllegalArgumentException(
                        "costAnomaly.minIncreaseUsd: expected 0 or more, got " + minIncreaseUsd);
            }
            if (minHistoryDays < 0) {
                throw new IllegalArgumentException(
                        "costAnomaly.minHistoryDays: expected 0 or more, got " + minHistoryDays);
            }
            if (!(cohortPercentile >= 0 && cohortPercentile <= 1)) {
                throw new IllegalArgumentException(
                        "costAnomaly.cohortPercentile: expected 0..1, got " + cohortPercentile);
            }
        }
    }

    /**
     * @param groupId consumer group of the sink
     * @param batchRows insert when this many rows are buffered…
     * @param linger …or when the oldest buffered row is this old
     * @param retryBackoff first pause after a failed insert; doubles up to {@code maxBackoff}
     */
    public record Sink(String groupId, int batchRows, Duration linger, Duration retryBackoff, Duration maxBackoff) {
        public Sink {
            Objects.requireNonNull(groupId, "groupId");
            if (batchRows < 1) {
                throw new IllegalArgumentException("sink.batchRows: expected 1 or more, got " + batchRows);
            }
            if (!linger.isPositive() || !retryBackoff.isPositive() || !maxBackoff.isPositive()) {
                throw new IllegalArgumentException("sink.linger/retryBackoff/maxBackoff: expected above 0");
            }
        }

        public Sink withBatching(int rows, Duration lingerFor) {
            return new Sink(groupId, rows, lingerFor, retryBackoff, maxBackoff);
        }

        public Sink withBackoff(Duration first, Duration max) {
            return new Sink(groupId, batchRows, linger, first, max);
        }
    }

    /** Default baseline rules: the services every account runs because of the platform's baseline stacks. */
    public static List<BaselineRule> defaultBaselineRules() {
        return Cost.defaults().baselineRules();
    }

    public StreamsAppConfig withApplicationId(String id) {
        return edit(b -> b.applicationId = id);
    }

    public StreamsAppConfig withRollups(Rollups r) {
        return edit(b -> b.rollups = r);
    }

    public StreamsAppConfig withCost(Cost c) {
        return edit(b -> b.cost = c);
    }

    public StreamsAppConfig withQuota(Quota q) {
        return edit(b -> b.quota = q);
    }

    public StreamsAppConfig withNoisy(Noisy n) {
        return edit(b -> b.noisy = n);
    }

    public StreamsAppConfig withCostAnomaly(CostAnomaly c) {
        return edit(b -> b.costAnomaly = c);
    }

    public StreamsAppConfig withSink(Sink s) {
        return edit(b -> b.sink = s);
    }

    public StreamsAppConfig withStreamsProperties(Map<String, String> properties) {
        return edit(b -> b.streamsProperties = properties);
    }

    public StreamsAppConfig withKafka(KafkaConfig k) {
        return edit(b -> b.kafka = k);
    }

    public StreamsAppConfig withBootstrapServers(String servers) {
        return withKafka(kafka.withBootstrapServers(servers));
    }

    /** Partitions of the topics this application creates when missing. */
    public StreamsAppConfig withTopicPartitions(int partitions) {
        return withKafka(kafka.withTopics(kafka.topics().withPartitions(partitions)));
    }

    private StreamsAppConfig edit(Consumer<Copy> change) {
        Copy b = new Copy(this);
        change.accept(b);
        return b.build();
    }

    /** A mutable copy, so each {@code with…} names only what it changes. */
    private static final class Copy {
        String applicationId;
        Rollups rollups;
        Cost cost;
        Quota quota;
        Noisy noisy;
        CostAnomaly costAnomaly;
        Sink sink;
        Map<String, String> streamsProperties;
        int prometheusPort;
        KafkaConfig kafka;

        Copy(StreamsAppConfig c) {
            applicationId = c.applicationId;
            rollups = c.rollups;
            cost = c.cost;
            quota = c.quota;
            noisy = c.noisy;
            costAnomaly = c.costAnomaly;
            sink = c.sink;
            streamsProperties = c.streamsProperties;
            prometheusPort = c.prometheusPort;
            kafka = c.kafka;
        }

        StreamsAppConfig build() {
            return new StreamsAppConfig(
                    applicationId,
                    rollups,
                    cost,
                    quota,
                    noisy,
                    costAnomaly,
                    sink,
                    streamsProperties,
                    prometheusPort,
                    kafka);
        }
    }
}
