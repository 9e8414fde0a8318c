package dev.tenantscope.collector.internal.config;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML as written: every scalar a string, every field optional. Unknown keys are kept, not thrown, so the
 * binder can report them together with every other problem.
 */
@SuppressWarnings("checkstyle:VisibilityModifier")
public final class ConfigDto {
    public String collectorId;
    public KafkaDto kafka;
    public AwsDto aws;
    public DiscoveryDto discovery;
    public LimitsDto limits;
    public ScheduleDto schedule;
    public MetricsDto metrics;
    public LogsDto logs;
    public QuotasDto quotas;
    public CostDto cost;
    public Map<String, PriceDto> prices;
    public String prometheusPort;
    final Map<String, Object> unknown = new LinkedHashMap<>();

    @JsonAnySetter
    void unknown(String key, Object value) {
        unknown.put(key, value);
    }

    abstract static class Section {
        final Map<String, Object> unknown = new LinkedHashMap<>();

        @JsonAnySetter
        void unknown(String key, Object value) {
            unknown.put(key, value);
        }
    }

    public static final class KafkaDto extends Section {
        public String bootstrapServers;
        public String groupId;
        public String partitions;
        public String replicationFactor;
        public String provisionTopics;
    }

    public static final class AwsDto extends Section {
        public String endpointOverride;
        public List<String> regions;
        public String roleName;
        public String externalId;
        public String sessionDuration;
        public String refreshBefore;
        public String maxConnections;
        public String accessKeyId;
        public String secretAccessKey;
        public String managementAccount;
    }

    public static final class DiscoveryDto extends Section {
        public String mode;
        public String staticFile;
        public String tenantTag;
        public String tierTag;
        public String environmentTag;
        public String interval;
    }

    public static final class LimitsDto extends Section {
        public String globalTps;
        public Map<String, String> apiTps;
        public String defaultApiTps;
        public String maxAttempts;
        public String baseBackoff;
        public String maxBackoff;
        public String accountTimeout;
        public String maxInFlight;
    }

    public static final class ScheduleDto extends Section {
        public String budgetPerAccountMonth;
        public String hotAlertInterval;
        public String alertInterval;
        public String standardInterval;
        public String heartbeatInterval;
        public String idleAfter;
        public String costInterval;
        public String quotaListInterval;
        public String tick;
    }

    public static final class MetricsDto extends Section {
        public String overlap;
        public List<MetricSpecDto> alert;
        public List<MetricSpecDto> standard;
    }

    public static final class MetricSpecDto extends Section {
        public String namespace;
        public String metric;
        public String statistic;
        public String period;
        public Map<String, String> dimensions;
    }

    public static final class LogsDto extends Section {
        public String mode;
        public List<String> prefixes;
        public String errorPattern;
        public String maxBytesPerAccountInterval;
        public String queryTimeout;
    }

    public static final class QuotasDto extends Section {
        public String enabled;
        public List<String> services;
        public String alertAbove;
    }

    public static final class CostDto extends Section {
        public String mode;
        public String trailingDays;
        public String monthToDate;
        public String metric;
    }

    public static final class PriceDto extends Section {
        public String usd;
        public String perUnits;
        public String unit;
    }
}
