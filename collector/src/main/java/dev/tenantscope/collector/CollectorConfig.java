package dev.tenantscope.collector;

import dev.tenantscope.collector.internal.config.ConfigLoader;
import dev.tenantscope.model.AccountId;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The validated collector configuration. Built only by {@link #load(Path)} or {@link #defaults()} (both read the
 * environment, nothing else does); adjust with the {@code with…} methods.
 *
 * @param prometheusPort port of the {@code /metrics} endpoint; 0 picks a free port, -1 disables it
 * @param prices price per API keyed {@code service:Operation} (e.g. {@code monitoring:GetMetricData})
 */
public record CollectorConfig(
        String collectorId,
        Kafka kafka,
        Aws aws,
        Discovery discovery,
        Limits limits,
        Schedule schedule,
        Metrics metrics,
        Logs logs,
        Quotas quotas,
        Cost cost,
        Map<String, Price> prices,
        int prometheusPort) {

    public CollectorConfig {
        Objects.requireNonNull(collectorId, "collectorId");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(aws, "aws");
        Objects.requireNonNull(discovery, "discovery");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(logs, "logs");
        Objects.requireNonNull(quotas, "quotas");
        Objects.requireNonNull(cost, "cost");
        prices = Map.copyOf(new TreeMap<>(prices));
    }

    /** Reads and validates a YAML file over the defaults; throws {@link ConfigException} listing every problem. */
    public static CollectorConfig load(Path yaml) {
        return ConfigLoader.fromFile(yaml, System.getenv());
    }

    /** The defaults: they run against a local Kafka and, with an endpoint override, against fleet-sim. */
    public static CollectorConfig defaults() {
        return ConfigLoader.defaults(System.getenv());
    }

    public CollectorConfig withEndpointOverride(URI endpoint) {
        Aws a = aws;
        return withAws(new Aws(
                endpoint,
                a.regions(),
                a.roleName(),
                a.externalId(),
                a.sessionDuration(),
                a.refreshBefore(),
                a.maxConnections(),
                a.accessKeyId(),
                a.secretAccessKey(),
                a.managementAccount()));
    }

    public CollectorConfig withBootstrapServers(String bootstrapServers) {
        Kafka k = kafka;
        return withKafka(
                new Kafka(bootstrapServers, k.groupId(), k.partitions(), k.replicationFactor(), k.provisionTopics()));
    }

    public CollectorConfig withCollectorId(String id) {
        return new CollectorConfig(
                id, kafka, aws, discovery, limits, schedule, metrics, logs, quotas, cost, prices, prometheusPort);
    }

    public CollectorConfig withKafka(Kafka k) {
        return new CollectorConfig(
                collectorId, k, aws, discovery, limits, schedule, metrics, logs, quotas, cost, prices, prometheusPort);
    }

    public CollectorConfig withAws(Aws a) {
        return new CollectorConfig(
                collectorId,
                kafka,
                a,
                discovery,
                limits,
                schedule,
                metrics,
                logs,
                quotas,
                cost,
                prices,
                prometheusPort);
    }

    /**
     * The collector's own (base) credentials instead of the default chain, the management account they belong to,
     * and the tenant role and ExternalId to assume: how a simulated organisation is wired in.
     */
    public CollectorConfig withIdentity(
            String accessKeyId,
            String secretAccessKey,
            AccountId managementAccount,
            String roleName,
            String externalId) {
        return withAws(new Aws(
                aws.endpointOverride(),
                aws.regions(),
                roleName,
                externalId,
                aws.sessionDuration(),
                aws.refreshBefore(),
                aws.maxConnections(),
                accessKeyId,
                secretAccessKey,
                managementAccount));
    }

    public CollectorConfig withDiscovery(Discovery d) {
        return new CollectorConfig(
                collectorId, kafka, aws, d, limits, schedule, metrics, logs, quotas, cost, prices, prometheusPort);
    }

    public CollectorConfig withLimits(Limits l) {
        return new CollectorConfig(
                collectorId, kafka, aws, discovery, l, schedule, metrics, logs, quotas, cost, prices, prometheusPort);
    }

    public CollectorConfig withSchedule(Schedule s) {
        return new CollectorConfig(
                collectorId, kafka, aws, discovery, limits, s, metrics, logs, quotas, cost, prices, prometheusPort);
    }

    public CollectorConfig withMetrics(Metrics m) {
        return new CollectorConfig(
                collectorId, kafka, aws, discovery, limits, schedule, m, logs, quotas, cost, prices, prometheusPort);
    }

    public CollectorConfig withLogs(Logs l) {
        return new CollectorConfig(
                collectorId, kafka, aws, discovery, limits, schedule, metrics, l, quotas, cost, prices, prometheusPort);
    }

    public CollectorConfig withQuotas(Quotas q) {
        return new CollectorConfig(
                collectorId, kafka, aws, discovery, limits, schedule, metrics, logs, q, cost, prices, prometheusPort);
    }

    public CollectorConfig withCost(Cost c) {
        return new CollectorConfig(
                collectorId, kafka, aws, discovery, limits, schedule, metrics, logs, quotas, c, prices, prometheusPort);
    }

    public CollectorConfig withPrometheusPort(int port) {
        return new CollectorConfig(
                collectorId, kafka, aws, discovery, limits, schedule, metrics, logs, quotas, cost, prices, port);
    }

    /** @param partitions partitions of topics this collector creates when missing */
    public record Kafka(
            String bootstrapServers,
            String groupId,
            int partitions,
            short replicationFactor,
            boolean provisionTopics) {}

    /**
     * @param endpointOverride one endpoint for every service (fleet-sim), or null for real AWS endpoints
     * @param regions regions polled in accounts whose registration does not name any
     * @param accessKeyId base credentials; null means the default credential chain
     * @param managementAccount the payer / Organizations management account, null when unknown
     */
    public record Aws(
            URI endpointOverride,
            List<String> regions,
            String roleName,
            String externalId,
            Duration sessionDuration,
            Duration refreshBefore,
            int maxConnections,
            String accessKeyId,
            String secretAccessKey,
            AccountId managementAccount) {
        public Aws {
            regions = List.copyOf(regions);
        }
    }

    public enum DiscoveryMode {
        ORGANIZATIONS,
        STATIC,
        OFF
    }

    /** @param staticFile a YAML list of accounts for {@link DiscoveryMode#STATIC} */
    public record Discovery(
            DiscoveryMode mode,
            Path staticFile,
            String tenantTag,
            String tierTag,
            String environmentTag,
            Duration interval) {}

    /**
     * @param apiTps requests per second per (account, region) by operation name, matching AWS's quota scope
     * @param globalTps cap over all accounts of this collector
     * @param accountTimeout an account still running after this is cut off and reported, never waited for
     */
    public record Limits(
            double globalTps,
            Map<String, Double> apiTps,
            double defaultApiTps,
            int maxAttempts,
            Duration baseBackoff,
            Duration maxBackoff,
            Duration accountTimeout,
            int maxInFlight) {
        public Limits {
            apiTps = Map.copyOf(apiTps);
        }

        public double tpsFor(String operation) {
            return apiTps.getOrDefault(operation, defaultApiTps);
        }
    }

    /**
     * Freshness targets the planner starts from and degrades when the budget does not allow them.
     *
     * @param budgetPerAccountMonth USD per account per month, averaged over the fleet
     */
    public record Schedule(
            BigDecimal budgetPerAccountMonth,
            Duration hotAlertInterval,
            Duration alertInterval,
            Duration standardInterval,
            Duration heartbeatInterval,
            Duration idleAfter,
            Duration costInterval,
            Duration quotaListInterval,
            Duration tick) {}

    /** @param overlap how far each window reaches back before the previous one ended, to catch late datapoints */
    public record Metrics(Duration overlap, List<MetricSpec> alert, List<MetricSpec> standard) {
        public Metrics {
            alert = List.copyOf(alert);
            standard = List.copyOf(standard);
        }
    }

    public record MetricSpec(
            String namespace, String metric, String statistic, int periodSeconds, Map<String, String> dimensions) {
        public MetricSpec {
            dimensions = Map.copyOf(new TreeMap<>(dimensions));
        }
    }

    public enum LogsMode {
        INSIGHTS,
        OFF
    }

    /** @param maxBytesPerAccountInterval hard cap on bytes scanned per account per interval; queries stop there */
    public record Logs(
            LogsMode mode,
            List<String> prefixes,
            String errorPattern,
            long maxBytesPerAccountInterval,
            Duration queryTimeout) {
        public Logs {
            prefixes = List.copyOf(prefixes);
        }
    }

    /**
     * @param alertAbove quota usage is pulled with the alert signals once utilisation reaches this fraction (and
     *     when unknown); below it, with the standard signals — a quota at 10 % cannot be exhausted unseen
     */
    public record Quotas(boolean enabled, List<String> services, double alertAbove) {
        public Quotas {
            services = List.copyOf(services);
        }
    }

    public enum CostMode {
        PAYER,
        PER_ACCOUNT,
        OFF
    }

    public record Cost(CostMode mode, int trailingDays, boolean monthToDate, String metric) {}

    /** {@code usd} per {@code perUnits} billable units (e.g. 0.01 per 1000 metrics). */
    public record Price(BigDecimal usd, long perUnits, String unit) {}
}
