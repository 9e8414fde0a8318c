package dev.tenantscope.collector;

import dev.tenantscope.collector.internal.config.CollectorBinder;
import dev.tenantscope.config.AlertsConfig;
import dev.tenantscope.config.AwsConfig;
import dev.tenantscope.config.ConfigNode;
import dev.tenantscope.config.ConfigTree;
import dev.tenantscope.config.Environment;
import dev.tenantscope.config.KafkaConfig;
import dev.tenantscope.config.SharedConfig;
import dev.tenantscope.model.AccountId;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The validated collector configuration: the {@code collector} section bound with the one grammar
 * ({@link #bind}), plus the shared {@code kafka}, {@code aws} and {@code alerts} sections it reads. Adjust with the
 * {@code with…} methods.
 *
 * @param groupId consumer group of the accounts topic: every collector of the fleet joins it
 * @param alerts shared thresholds; an account with a quota at {@code alerts.quota.warnAt} is hot
 * @param prometheusPort port of the {@code /metrics} endpoint; 0 picks a free port, -1 disables it
 * @param prices price per API keyed {@code service:Operation} (e.g. {@code monitoring:GetMetricData})
 * @param previousExternalIds ExternalIds tried, in order, after {@code aws.externalId} is denied: the old ones
 *     during a rotation, so accounts whose trust policy is not updated yet stay observable
 */
public record CollectorConfig(
        String collectorId,
        String groupId,
        KafkaConfig kafka,
        AwsConfig aws,
        AlertsConfig alerts,
        Discovery discovery,
        Limits limits,
        Schedule schedule,
        Metrics metrics,
        Logs logs,
        Quotas quotas,
        Cost cost,
        Regions regions,
        Map<String, Price> prices,
        int prometheusPort,
        List<String> previousExternalIds) {

    public CollectorConfig {
        Objects.requireNonNull(collectorId, "collectorId");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(aws, "aws");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(discovery, "discovery");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(logs, "logs");
        Objects.requireNonNull(quotas, "quotas");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(regions, "regions");
        prices = Map.copyOf(new TreeMap<>(prices));
        previousExternalIds = previousExternalIds == null ? List.of() : List.copyOf(previousExternalIds);
    }

    /** The ExternalIds AssumeRole tries, current first. */
    public List<String> externalIds() {
        List<String> ids = new java.util.ArrayList<>();
        ids.add(aws.externalId());
        previousExternalIds.stream().filter(id -> !ids.contains(id)).forEach(ids::add);
        return List.copyOf(ids);
    }

    public CollectorConfig withPreviousExternalIds(List<String> ids) {
        return edit(b -> b.previousExternalIds = ids);
    }

    /** Binds the {@code collector} section; problems go to the section's tree (see {@link ConfigTree}). */
    public static CollectorConfig bind(ConfigNode section, SharedConfig shared) {
        return CollectorBinder.bind(section, shared);
    }

    /** Bound from an empty file with the process environment: runs against a local Kafka (and fleet-sim). */
    public static CollectorConfig defaults() {
        return defaults(Environment.system());
    }

    public static CollectorConfig defaults(Environment env) {
        ConfigTree tree = ConfigTree.empty(env);
        CollectorConfig c = bind(tree.root().section("collector", ""), SharedConfig.bind(tree.root()));
        tree.requireValid();
        return c;
    }

    /** The payer / Organizations management account, or null when unknown. */
    public AccountId managementAccount() {
        return aws.managementAccount() == null ? null : AccountId.of(aws.managementAccount());
    }

    public CollectorConfig withEndpointOverride(URI endpoint) {
        return withAws(aws.withEndpointOverride(endpoint));
    }

    public CollectorConfig withBootstrapServers(String bootstrapServers) {
        return withKafka(kafka.withBootstrapServers(bootstrapServers));
    }

    /** Partitions of the topics this collector creates when missing. */
    public CollectorConfig withTopicPartitions(int partitions) {
        return withKafka(kafka.withTopics(kafka.topics().withPartitions(partitions)));
    }

    public CollectorConfig withRegions(Regions r) {
        return edit(b -> b.regions = r);
    }

    public CollectorConfig withCollectorId(String id) {
        return edit(b -> b.collectorId = id);
    }

    public CollectorConfig withKafka(KafkaConfig k) {
        return edit(b -> b.kafka = k);
    }

    public CollectorConfig withAws(AwsConfig a) {
        return edit(b -> b.aws = a);
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
        return withAws(aws.withIdentity(
                accessKeyId,
                secretAccessKey,
                managementAccount == null ? null : managementAccount.value(),
                roleName,
                externalId));
    }

    public CollectorConfig withDiscovery(Discovery d) {
        return edit(b -> b.discovery = d);
    }

    public CollectorConfig withLimits(Limits l) {
        return edit(b -> b.limits = l);
    }

    public CollectorConfig withSchedule(Schedule s) {
        return edit(b -> b.schedule = s);
    }

    public CollectorConfig withMetrics(Metrics m) {
        return edit(b -> b.metrics = m);
    }

    public CollectorConfig withLogs(Logs l) {
        return edit(b -> b.logs = l);
    }

    public CollectorConfig withQuotas(Quotas q) {
        return edit(b -> b.quotas = q);
    }

    public CollectorConfig withCost(Cost c) {
        return edit(b -> b.cost = c);
    }

    public CollectorConfig withPrometheusPort(int port) {
        return edit(b -> b.prometheusPort = port);
    }

    private CollectorConfig edit(Consumer<Copy> change) {
        Copy b = new Copy(this);
        change.accept(b);
        return b.build();
    }

    /** A mutable copy, so each {@code with…} names only what it changes. */
    private static final class Copy {
        String collectorId;
        String groupId;
        KafkaConfig kafka;
        AwsConfig aws;
        AlertsConfig alerts;
        Discovery discovery;
        Limits limits;
        Schedule schedule;
        Metrics metrics;
        Logs logs;
        Quotas quotas;
        Cost cost;
        Regions regions;
        Map<String, Price> prices;
        int prometheusPort;
        List<String> previousExternalIds;

        Copy(CollectorConfig c) {
            collectorId = c.collectorId;
            groupId = c.groupId;
            kafka = c.kafka;
            aws = c.aws;
            alerts = c.alerts;
            discovery = c.discovery;
            limits = c.limits;
            schedule = c.schedule;
            metrics = c.metrics;
            logs = c.logs;
            quotas = c.quotas;
            cost = c.cost;
            regions = c.regions;
            prices = c.prices;
            prometheusPort = c.prometheusPort;
            previousExternalIds = c.previousExternalIds;
        }

        CollectorConfig build() {
            return new CollectorConfig(
                    collectorId,
                    groupId,
                    kafka,
                    aws,
                    alerts,
                    discovery,
                    limits,
                    schedule,
                    metrics,
                    logs,
                    quotas,
                    cost,
                    regions,
                    prices,
                    prometheusPort,
                    previousExternalIds);
        }
    }

    public enum DiscoveryMode {
        ORGANIZATIONS,
        STATIC,
        OFF
    }

    /** @param staticFile a YAML list of accounts for {@link DiscoveryMode#STATIC} */
    /**
     * @param tagRefresh an account's tags are read again when older than this (data time), so re-tagging moves
     *     an account to its new tenant from then on; zero re-reads them at every discovery
     */
    public record Discovery(
            DiscoveryMode mode,
            Path staticFile,
            String tenantTag,
            String tierTag,
            String environmentTag,
            Duration interval,
            Duration tagRefresh) {
        public Discovery(
                DiscoveryMode mode,
                Path staticFile,
                String tenantTag,
                String tierTag,
                String environmentTag,
                Duration interval) {
            this(mode, staticFile, tenantTag, tierTag, environmentTag, interval, Duration.ofHours(1));
        }
    }

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
     * @param startRamp an account first seen (at start, or handed over) is collected once within this (data
     *     time), at its jittered point of the ramp, then its slots take over; zero waits for the first slot
     * @param budgetFloorPerMonth the fleet's monthly budget is at least this (USD): the payer cost pull's pages
     *     (a query per record type) and discovery cost a small fleet about what they cost a large one
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
            Duration tick,
            Duration startRamp,
            BigDecimal budgetFloorPerMonth) {
        public Schedule withBudgetPerAccountMonth(BigDecimal usd) {
            return with(usd, tick);
        }

        public Schedule withTick(Duration resolution) {
            return with(budgetPerAccountMonth, resolution);
        }

        private Schedule with(BigDecimal budget, Duration resolution) {
            return new Schedule(
                    budget,
                    hotAlertInterval,
                    alertInterval,
                    standardInterval,
                    heartbeatInterval,
                    idleAfter,
                    costInterval,
                    quotaListInterval,
                    resolution,
                    startRamp,
                    budgetFloorPerMonth);
        }

        /** The budget per account-month for a fleet of {@code accounts}: the per-account budget or the floor's share. */
        public double budgetPerAccountMonth(int accounts) {
            double perAccount = budgetPerAccountMonth.doubleValue();
            return accounts <= 0 ? perAccount : Math.max(perAccount, budgetFloorPerMonth.doubleValue() / accounts);
        }
    }

    /**
     * Which regions each account is collected in.
     *
     * @param discover find them per account: its enabled regions (account:ListRegions) in which it has signals of
     *     the collected namespaces (CloudWatch ListMetrics); false polls the registration's regions (the
     *     {@code tenantscope-regions} tag, else {@code aws.regions})
     * @param allow the only regions ever collected; empty allows every region
     * @param refresh an account's regions are found again when this old (data time)
     */
    public record Regions(boolean discover, List<String> allow, Duration refresh) {
        public Regions {
            allow = List.copyOf(allow);
            Objects.requireNonNull(refresh, "refresh");
        }

        public boolean allows(String region) {
            return allow.isEmpty() || allow.contains(region);
        }
    }

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
     *     when unknown); below it, with the standard signals — a quota at 10 % cannot be exhausted unseen. Not the
     *     alert threshold: that is {@code alerts.quota.warnAt}.
     */
    public record Quotas(boolean enabled, List<String> services, double alertAbove) {
        public Quotas {
            services = List.copyOf(services);
        }
    }

    /** Cost is read as the payer sees it, or not at all (per-account mode was removed: it collected nothing). */
    public enum CostMode {
        PAYER,
        OFF
    }

    /**
     * Every basis (the five Cost Explorer metrics) is pulled in one request; the basis is chosen downstream.
     *
     * @param trailingDays days every regular pull re-pulls (Cost Explorer restates recent days)
     * @param monthToDateEvery a regular pull reaches back to the 1st of the month when the last one that did is this
     *     many days old (1: every pull; 0: never): the month's older days change rarely, and re-pulling them daily
     *     cost about four times the pages of the trailing days
     * @param payerRoleArn the cost-reading role in the management account (deploy/payer-role.yaml); null: the
     *     collector's own credentials, used only once verified to be the management account's
     * @param payerExternalId the ExternalId that role's trust policy requires (set with {@code payerRoleArn})
     * @param backfillMonths months of daily history pulled on first start and for a newly registered account
     * @param finalisationDay through this day of the month the previous month is re-pulled whole with each regular
     *     pull: AWS finalises a month's charges in the first days of the next (the support fee lands on the 6th or
     *     7th, dated the 1st)
     * @param lateChargesEvery after {@code finalisationDay}, the previous month is re-pulled on every this many days
     *     of the month (finalisationDay + k·n), for refunds and credits added after the month is final; 0: never
     */
    public record Cost(
            CostMode mode,
            int trailingDays,
            int monthToDateEvery,
            String payerRoleArn,
            String payerExternalId,
            int backfillMonths,
            int finalisationDay,
            int lateChargesEvery) {
        public static final int FINALISATION_DAY = 8;
        public static final int LATE_CHARGES_EVERY = 7;
        public static final int MONTH_TO_DATE_EVERY = 7;

        public Cost {
            if (finalisationDay < 0 || finalisationDay > 28) {
                throw new IllegalArgumentException("cost.finalisationDay: expected 0..28, got " + finalisationDay);
            }
            if (lateChargesEvery < 0 || lateChargesEvery > 28) {
                throw new IllegalArgumentException("cost.lateChargesEvery: expected 0..28, got " + lateChargesEvery);
            }
            if (monthToDateEvery < 0 || monthToDateEvery > 31) {
                throw new IllegalArgumentException("cost.monthToDateEvery: expected 0..31, got " + monthToDateEvery);
            }
        }

        /** The defaults for the AWS-side month end: {@link #FINALISATION_DAY}, {@link #LATE_CHARGES_EVERY}. */
        public Cost(
                CostMode mode,
                int trailingDays,
                int monthToDateEvery,
                String payerRoleArn,
                String payerExternalId,
                int backfillMonths) {
            this(
                    mode,
                    trailingDays,
                    monthToDateEvery,
                    payerRoleArn,
                    payerExternalId,
                    backfillMonths,
                    FINALISATION_DAY,
                    LATE_CHARGES_EVERY);
        }

        public Cost withMode(CostMode m) {
            return new Cost(
                    m,
                    trailingDays,
                    monthToDateEvery,
                    payerRoleArn,
                    payerExternalId,
                    backfillMonths,
                    finalisationDay,
                    lateChargesEvery);
        }

        public Cost withPayerRole(String arn, String externalId) {
            return new Cost(
                    mode,
                    trailingDays,
                    monthToDateEvery,
                    arn,
                    externalId,
                    backfillMonths,
                    finalisationDay,
                    lateChargesEvery);
        }

        public Cost withBackfillMonths(int months) {
            return new Cost(
                    mode,
                    trailingDays,
                    monthToDateEvery,
                    payerRoleArn,
                    payerExternalId,
                    months,
                    finalisationDay,
                    lateChargesEvery);
        }

        /** Whether the regular pull of {@code today} re-pulls the previous month whole. */
        public boolean repullsPreviousMonth(java.time.LocalDate today) {
            int d = today.getDayOfMonth();
            return d <= finalisationDay || (lateChargesEvery > 0 && (d - finalisationDay) % lateChargesEvery == 0);
        }
    }

    /** {@code usd} per {@code perUnits} billable units (e.g. 0.01 per 1000 metrics). */
    public record Price(BigDecimal usd, long perUnits, String unit) {}
}
