package dev.tenantscope.collector.internal.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.collector.CollectorConfig.Aws;
import dev.tenantscope.collector.CollectorConfig.Cost;
import dev.tenantscope.collector.CollectorConfig.CostMode;
import dev.tenantscope.collector.CollectorConfig.Discovery;
import dev.tenantscope.collector.CollectorConfig.DiscoveryMode;
import dev.tenantscope.collector.CollectorConfig.Kafka;
import dev.tenantscope.collector.CollectorConfig.Limits;
import dev.tenantscope.collector.CollectorConfig.Logs;
import dev.tenantscope.collector.CollectorConfig.LogsMode;
import dev.tenantscope.collector.CollectorConfig.MetricSpec;
import dev.tenantscope.collector.CollectorConfig.Metrics;
import dev.tenantscope.collector.CollectorConfig.Price;
import dev.tenantscope.collector.CollectorConfig.Quotas;
import dev.tenantscope.collector.CollectorConfig.Schedule;
import dev.tenantscope.collector.ConfigException;
import dev.tenantscope.collector.internal.config.ConfigDto.MetricSpecDto;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** YAML → {@link ConfigDto} → {@link CollectorConfig}. The only place that reads environment variables. */
public final class ConfigLoader {
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");
    private static final Pattern STATISTIC =
            Pattern.compile("Sum|Average|Maximum|Minimum|SampleCount|[pt]\\d{1,2}(\\.\\d+)?");
    private static final Set<String> PERIODS_UNDER_60 = Set.of("1", "5", "10", "30");

    private ConfigLoader() {}

    public static CollectorConfig defaults(Map<String, String> env) {
        return bind(new ConfigDto(), env, "(defaults)");
    }

    public static CollectorConfig fromFile(Path yaml, Map<String, String> env) {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        ConfigDto dto;
        try {
            if (!Files.isRegularFile(yaml)) {
                throw new ConfigException(yaml.toString(), List.of("file: expected a readable YAML file, got none"));
            }
            dto = mapper.readValue(yaml.toFile(), ConfigDto.class);
        } catch (MismatchedInputException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                    .orElse("(root)");
            throw new ConfigException(
                    yaml.toString(),
                    List.of(path + ": expected "
                            + e.getTargetType().getSimpleName().replace("Dto", "")
                            + " (a mapping, list or scalar as documented), got something else"));
        } catch (IOException e) {
            throw new ConfigException(yaml.toString(), List.of("(file): not valid YAML: " + e.getMessage()));
        }
        return bind(dto == null ? new ConfigDto() : dto, env, yaml.toString());
    }

    static CollectorConfig bind(ConfigDto dto, Map<String, String> env, String source) {
        Problems p = new Problems();
        p.unknown("", dto.unknown);
        String id = p.string(
                "collectorId",
                dto.collectorId,
                env.getOrDefault("TENANTSCOPE_COLLECTOR_ID", "collector-" + env.getOrDefault("HOSTNAME", "local")));
        if (!id.matches("[A-Za-z0-9+=,.@_-]{1,32}")) {
            p.add("collectorId", id, "1-32 characters of [A-Za-z0-9+=,.@_-] (it is the AssumeRole session name)");
        }
        CollectorConfig cfg = new CollectorConfig(
                id,
                kafka(p, or(dto.kafka, new ConfigDto.KafkaDto()), env),
                aws(p, or(dto.aws, new ConfigDto.AwsDto()), env),
                discovery(p, or(dto.discovery, new ConfigDto.DiscoveryDto())),
                limits(p, or(dto.limits, new ConfigDto.LimitsDto())),
                schedule(p, or(dto.schedule, new ConfigDto.ScheduleDto())),
                metrics(p, or(dto.metrics, new ConfigDto.MetricsDto())),
                logs(p, or(dto.logs, new ConfigDto.LogsDto())),
                quotas(p, or(dto.quotas, new ConfigDto.QuotasDto())),
                cost(p, or(dto.cost, new ConfigDto.CostDto())),
                prices(p, dto.prices),
                p.integer("prometheusPort", dto.prometheusPort, 9404, -1, 65535));
        if (!p.all().isEmpty()) {
            throw new ConfigException(source, p.all());
        }
        return cfg;
    }

    private static <T> T or(T v, T dflt) {
        return v == null ? dflt : v;
    }

    private static Kafka kafka(Problems p, ConfigDto.KafkaDto d, Map<String, String> env) {
        p.unknown("kafka", d.unknown);
        return new Kafka(
                p.string(
                        "kafka.bootstrapServers",
                        d.bootstrapServers,
                        env.getOrDefault("TENANTSCOPE_KAFKA_BOOTSTRAP", "127.0.0.1:9092")),
                p.string("kafka.groupId", d.groupId, "tenantscope-collector"),
                p.integer("kafka.partitions", d.partitions, 12, 1, 10_000),
                (short) p.integer("kafka.replicationFactor", d.replicationFactor, 1, 1, 7),
                p.bool("kafka.provisionTopics", d.provisionTopics, true));
    }

    private static Aws aws(Problems p, ConfigDto.AwsDto d, Map<String, String> env) {
        p.unknown("aws", d.unknown);
        List<String> regions = d.regions == null ? List.of("us-east-1") : d.regions;
        if (regions.isEmpty()) {
            p.add("aws.regions", regions, "at least one region such as us-east-1");
        }
        for (int i = 0; i < regions.size(); i++) {
            if (regions.get(i) == null || !REGION.matcher(regions.get(i)).matches()) {
                p.add("aws.regions[" + i + "]", regions.get(i), "an AWS region such as us-east-1");
            }
        }
        var endpoint = p.uri("aws.endpointOverride", or(d.endpointOverride, env.get("AWS_ENDPOINT_URL")));
        String akid = or(d.accessKeyId, env.get("TENANTSCOPE_AWS_ACCESS_KEY_ID"));
        String secret = or(d.secretAccessKey, env.get("TENANTSCOPE_AWS_SECRET_ACCESS_KEY"));
        if ((akid == null) != (secret == null)) {
            p.add(
                    "aws.accessKeyId",
                    akid == null ? "(unset)" : "(set)",
                    "accessKeyId and secretAccessKey set together");
        }
        if (akid == null && endpoint != null) {
            // a simulator accepts any key; real AWS goes through the default credential chain
            akid = "AKIDTENANTSCOPELOCAL";
            secret = "local-simulator-secret";
        }
        Duration session = p.duration("aws.sessionDuration", d.sessionDuration, Duration.ofHours(1));
        if (session.compareTo(Duration.ofMinutes(15)) < 0 || session.compareTo(Duration.ofHours(12)) > 0) {
            p.add("aws.sessionDuration", d.sessionDuration, "between 15m and 12h (AssumeRole's range)");
        }
        Duration refresh = p.duration("aws.refreshBefore", d.refreshBefore, Duration.ofMinutes(5));
        if (refresh.compareTo(session) >= 0) {
            p.add("aws.refreshBefore", d.refreshBefore, "shorter than aws.sessionDuration (" + session + ")");
        }
        return new Aws(
                endpoint,
                regions,
                p.string("aws.roleName", d.roleName, "TenantScopeReadOnly"),
                p.string(
                        "aws.externalId",
                        d.externalId,
                        env.getOrDefault("TENANTSCOPE_EXTERNAL_ID", "tenantscope-demo")),
                session,
                refresh,
                p.integer("aws.maxConnections", d.maxConnections, 256, 1, 10_000),
                akid,
                secret,
                p.account("aws.managementAccount", d.managementAccount));
    }

    private static Discovery discovery(Problems p, ConfigDto.DiscoveryDto d) {
        p.unknown("discovery", d.unknown);
        DiscoveryMode mode = p.enumValue("discovery.mode", d.mode, DiscoveryMode.ORGANIZATIONS, DiscoveryMode.class);
        Path file = d.staticFile == null ? null : Path.of(d.staticFile.strip());
        if (mode == DiscoveryMode.STATIC && file == null) {
            p.add("discovery.staticFile", "(unset)", "a path to a YAML accounts file when discovery.mode is static");
        }
        return new Discovery(
                mode,
                file,
                p.string("discovery.tenantTag", d.tenantTag, "tenant-id"),
                p.string("discovery.tierTag", d.tierTag, "tier"),
                p.string("discovery.environmentTag", d.environmentTag, "environment"),
                p.duration("discovery.interval", d.interval, Duration.ofMinutes(5)));
    }

    private static Limits limits(Problems p, ConfigDto.LimitsDto d) {
        p.unknown("limits", d.unknown);
        // AWS's per-account-and-region request quotas for the operations we call.
        Map<String, Double> tps = new LinkedHashMap<>(Map.of(
                "GetMetricData", 50.0,
                "AssumeRole", 100.0,
                "ListServiceQuotas", 10.0,
                "StartQuery", 5.0,
                "GetQueryResults", 10.0,
                "DescribeLogGroups", 10.0,
                "GetCostAndUsage", 5.0,
                "ListAccounts", 5.0,
                "ListTagsForResource", 10.0));
        if (d.apiTps != null) {
            d.apiTps.forEach((op, v) -> tps.put(op, p.positiveDouble("limits.apiTps." + op, v, 10.0)));
        }
        // generous: attempts are also bounded by the account deadline, and throttles back off adaptively
        int attempts = p.integer("limits.maxAttempts", d.maxAttempts, 10, 1, 50);
        return new Limits(
                p.positiveDouble("limits.globalTps", d.globalTps, 2000.0),
                tps,
                p.positiveDouble("limits.defaultApiTps", d.defaultApiTps, 10.0),
                attempts,
                p.duration("limits.baseBackoff", d.baseBackoff, Duration.ofMillis(50)),
                p.duration("limits.maxBackoff", d.maxBackoff, Duration.ofSeconds(5)),
                p.duration("limits.accountTimeout", d.accountTimeout, Duration.ofSeconds(120)),
                p.integer("limits.maxInFlight", d.maxInFlight, 256, 1, 100_000));
    }

    private static Schedule schedule(Problems p, ConfigDto.ScheduleDto d) {
        p.unknown("schedule", d.unknown);
        Schedule s = new Schedule(
                p.decimal("schedule.budgetPerAccountMonth", d.budgetPerAccountMonth, new BigDecimal("0.10")),
                p.duration("schedule.hotAlertInterval", d.hotAlertInterval, Duration.ofMinutes(5)),
                // 14 min leaves a minute for collection: alert signals of active accounts stay ≤ 15 min old
                p.duration("schedule.alertInterval", d.alertInterval, Duration.ofMinutes(14)),
                p.duration("schedule.standardInterval", d.standardInterval, Duration.ofHours(1)),
                p.duration("schedule.heartbeatInterval", d.heartbeatInterval, Duration.ofHours(6)),
                p.duration("schedule.idleAfter", d.idleAfter, Duration.ofHours(6)),
                p.duration("schedule.costInterval", d.costInterval, Duration.ofHours(24)),
                p.duration("schedule.quotaListInterval", d.quotaListInterval, Duration.ofHours(24)),
                p.duration("schedule.tick", d.tick, Duration.ofSeconds(1)));
        if (s.hotAlertInterval().compareTo(s.alertInterval()) > 0) {
            p.add(
                    "schedule.hotAlertInterval",
                    d.hotAlertInterval,
                    "at most schedule.alertInterval (" + s.alertInterval() + ")");
        }
        return s;
    }

    private static Metrics metrics(Problems p, ConfigDto.MetricsDto d) {
        p.unknown("metrics", d.unknown);
        List<MetricSpec> alert = d.alert == null ? DefaultMetrics.ALERT : specs(p, "metrics.alert", d.alert);
        List<MetricSpec> standard =
                d.standard == null ? DefaultMetrics.STANDARD : specs(p, "metrics.standard", d.standard);
        if (alert.size() + standard.size() > 400) {
            p.add(
                    "metrics",
                    alert.size() + standard.size() + " metric specs",
                    "at most 400 (one GetMetricData call per region leaves room for quota usage)");
        }
        return new Metrics(p.duration("metrics.overlap", d.overlap, Duration.ofMinutes(10)), alert, standard);
    }

    private static List<MetricSpec> specs(Problems p, String path, List<MetricSpecDto> dtos) {
        List<MetricSpec> out = new ArrayList<>();
        for (int i = 0; i < dtos.size(); i++) {
            String at = path + "[" + i + "]";
            MetricSpecDto m = dtos.get(i);
            if (m == null) {
                p.add(at, null, "a mapping with namespace, metric, statistic, period");
                continue;
            }
            p.unknown(at, m.unknown);
            String ns = p.string(at + ".namespace", m.namespace, null);
            String name = p.string(at + ".metric", m.metric, null);
            if (ns == null) {
                p.add(at + ".namespace", "(unset)", "a CloudWatch namespace such as AWS/Lambda");
            }
            if (name == null) {
                p.add(at + ".metric", "(unset)", "a metric name such as Errors");
            }
            String stat = p.string(at + ".statistic", m.statistic, "Sum");
            if (!STATISTIC.matcher(stat).matches()) {
                p.add(at + ".statistic", stat, "Sum, Average, Maximum, Minimum, SampleCount or a percentile like p99");
            }
            int period = (int) p.duration(
                            at + ".period",
                            m.period == null ? null : m.period.matches("\\d+") ? m.period + "s" : m.period,
                            Duration.ofMinutes(5))
                    .toSeconds();
            if (period % 60 != 0 && !PERIODS_UNDER_60.contains(String.valueOf(period))) {
                p.add(at + ".period", m.period, "1s, 5s, 10s, 30s or a multiple of 60s");
            }
            if (ns != null && name != null) {
                out.add(new MetricSpec(ns, name, stat, period, m.dimensions == null ? Map.of() : m.dimensions));
            }
        }
        return out;
    }

    private static Logs logs(Problems p, ConfigDto.LogsDto d) {
        p.unknown("logs", d.unknown);
        return new Logs(
                p.enumValue("logs.mode", d.mode, LogsMode.INSIGHTS, LogsMode.class),
                d.prefixes == null ? List.of("/aws/lambda/", "/app/") : d.prefixes,
                p.string("logs.errorPattern", d.errorPattern, "ERROR"),
                p.longValue("logs.maxBytesPerAccountInterval", d.maxBytesPerAccountInterval, 64L << 20),
                p.duration("logs.queryTimeout", d.queryTimeout, Duration.ofSeconds(30)));
    }

    private static Quotas quotas(Problems p, ConfigDto.QuotasDto d) {
        p.unknown("quotas", d.unknown);
        double above = p.positiveDouble("quotas.alertAbove", d.alertAbove, 0.5);
        if (above > 1) {
            p.add("quotas.alertAbove", d.alertAbove, "a fraction in (0, 1] such as 0.5");
        }
        return new Quotas(
                p.bool("quotas.enabled", d.enabled, true), d.services == null ? List.of("lambda") : d.services, above);
    }

    private static Cost cost(Problems p, ConfigDto.CostDto d) {
        p.unknown("cost", d.unknown);
        String metric = p.string("cost.metric", d.metric, "UnblendedCost");
        if (!Set.of("UnblendedCost", "BlendedCost", "AmortizedCost", "NetUnblendedCost", "NetAmortizedCost")
                .contains(metric)) {
            p.add(
                    "cost.metric",
                    metric,
                    "UnblendedCost, BlendedCost, AmortizedCost, NetUnblendedCost or NetAmortizedCost");
        }
        return new Cost(
                p.enumValue("cost.mode", d.mode, CostMode.PAYER, CostMode.class),
                p.integer("cost.trailingDays", d.trailingDays, 5, 1, 90),
                p.bool("cost.monthToDate", d.monthToDate, true),
                metric);
    }

    private static Map<String, Price> prices(Problems p, Map<String, ConfigDto.PriceDto> dtos) {
        Map<String, Price> prices = new LinkedHashMap<>(DefaultPrices.LIST);
        if (dtos == null) {
            return prices;
        }
        dtos.forEach((key, d) -> {
            String at = "prices." + key;
            if (!key.matches("[a-z0-9-]+:(\\*|[A-Za-z]+)")) {
                p.add(at, key, "a key service:Operation such as monitoring:GetMetricData (or monitoring:*)");
                return;
            }
            if (d == null) {
                p.add(at, null, "a mapping with usd, perUnits, unit");
                return;
            }
            p.unknown(at, d.unknown);
            Price dflt = prices.getOrDefault(key, new Price(BigDecimal.ZERO, 1, "requests"));
            prices.put(
                    key,
                    new Price(
                            p.decimal(at + ".usd", d.usd, dflt.usd()),
                            p.longValue(at + ".perUnits", d.perUnits, dflt.perUnits()),
                            p.string(at + ".unit", d.unit, dflt.unit())));
        });
        return prices;
    }
}
