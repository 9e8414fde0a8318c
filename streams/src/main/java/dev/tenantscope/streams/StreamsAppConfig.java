package dev.tenantscope.streams;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything the topology and the sink can be tuned by. Every field has a default that runs; {@link #load(Path)}
 * reads YAML (keys as the record components, durations as ISO-8601 such as {@code PT2M}) and reports all errors
 * at once, each naming its key.
 *
 * @param applicationId Kafka Streams application id (consumer group, internal topic prefix)
 * @param windowGrace how late a sample may arrive and still count in its 5-minute window
 * @param hourWindowGrace the same for 1-hour windows
 * @param streamsProperties extra Kafka Streams properties (e.g. {@code num.stream.threads}), applied last
 */
public record StreamsAppConfig(
        String applicationId,
        Duration windowGrace,
        Duration hourWindowGrace,
        Cost cost,
        Quota quota,
        Noisy noisy,
        Sink sink,
        Map<String, String> streamsProperties) {

    /**
     * @param baselineRules first match wins; a line matching none is workload
     * @param closeDayOfMonth month M is frozen once stream time reaches this day of month M+1 (00:00 UTC)
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
            baselineRules = baselineRules == null ? defaultBaselineRules() : List.copyOf(baselineRules);
            if (closeDayOfMonth == 0) {
                closeDayOfMonth = 5;
            }
            reattributeEvery = reattributeEvery == null ? Duration.ofSeconds(10) : reattributeEvery;
            sharedAccounts = sharedAccounts == null ? List.of() : List.copyOf(sharedAccounts);
        }

        public Cost(List<BaselineRule> baselineRules, int closeDayOfMonth, Duration reattributeEvery) {
            this(baselineRules, closeDayOfMonth, reattributeEvery, null);
        }

        public static Cost defaults() {
            return new Cost(null, 0, null, null);
        }
    }

    /**
     * A shared platform account (e.g. the shared observability account) whose cost is allocated to the tenants.
     *
     * @param account the 12-digit account id
     * @param mode {@code even} (the day's cost split equally), {@code usage} (split by each tenant's workload cost
     *     that day; evenly when all are zero) or {@code fixed} (every tenant is charged {@code fixedPerTenant} a
     *     month, whatever the account actually cost)
     * @param fixedPerTenant fixed mode only: per tenant per month, a decimal string such as "12.50"
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
     * @param warnAt utilisation (0–1) that opens a warn alert
     * @param criticalAt utilisation that escalates to critical
     * @param forecastHorizon a linear trend reaching the quota within this opens a warn alert with the time
     * @param historySize samples per quota kept for the trend
     * @param closeBelow hysteresis: an open alert closes only below {@code warnAt − closeBelow} and no forecast
     */
    public record Quota(
            double warnAt, double criticalAt, Duration forecastHorizon, int historySize, double closeBelow) {
        public Quota {
            warnAt = warnAt == 0 ? 0.80 : warnAt;
            criticalAt = criticalAt == 0 ? 0.95 : criticalAt;
            forecastHorizon = forecastHorizon == null ? Duration.ofDays(7) : forecastHorizon;
            historySize = historySize == 0 ? 24 : historySize;
            closeBelow = closeBelow == 0 ? 0.05 : closeBelow;
        }

        public static Quota defaults() {
            return new Quota(0, 0, null, 0, 0);
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
     */
    public record Noisy(
            String window,
            List<String> metrics,
            double alpha,
            double openSigmas,
            double closeSigmas,
            double cohortPercentile,
            int minHistory) {
        public Noisy {
            window = window == null ? "5m" : window;
            metrics = metrics == null ? List.of() : List.copyOf(metrics);
            alpha = alpha == 0 ? 0.2 : alpha;
            openSigmas = openSigmas == 0 ? 3.0 : openSigmas;
            closeSigmas = closeSigmas == 0 ? 1.5 : closeSigmas;
            cohortPercentile = cohortPercentile == 0 ? 0.9 : cohortPercentile;
            minHistory = minHistory == 0 ? 5 : minHistory;
        }

        public static Noisy defaults() {
            return new Noisy(null, null, 0, 0, 0, 0, 0);
        }
    }

    /**
     * @param batchRows insert when this many rows are buffered…
     * @param linger …or when the oldest buffered row is this old
     * @param retryBackoff first pause after a failed insert; doubles up to {@code maxBackoff}
     */
    public record Sink(String groupId, int batchRows, Duration linger, Duration retryBackoff, Duration maxBackoff) {
        public Sink {
            groupId = groupId == null ? "tenantscope-clickhouse-sink" : groupId;
            batchRows = batchRows == 0 ? 20_000 : batchRows;
            linger = linger == null ? Duration.ofMillis(500) : linger;
            retryBackoff = retryBackoff == null ? Duration.ofMillis(200) : retryBackoff;
            maxBackoff = maxBackoff == null ? Duration.ofSeconds(10) : maxBackoff;
        }

        public static Sink defaults() {
            return new Sink(null, 0, null, null, null);
        }
    }

    public StreamsAppConfig {
        applicationId = applicationId == null ? "tenantscope-streams" : applicationId;
        windowGrace = windowGrace == null ? Duration.ofMinutes(2) : windowGrace;
        hourWindowGrace = hourWindowGrace == null ? Duration.ofMinutes(10) : hourWindowGrace;
        cost = cost == null ? Cost.defaults() : cost;
        quota = quota == null ? Quota.defaults() : quota;
        noisy = noisy == null ? Noisy.defaults() : noisy;
        sink = sink == null ? Sink.defaults() : sink;
        streamsProperties = streamsProperties == null ? Map.of() : Map.copyOf(streamsProperties);
        List<String> errors = errors(applicationId, windowGrace, hourWindowGrace, cost, quota, noisy, sink);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid streams config:\n  " + String.join("\n  ", errors));
        }
    }

    public static StreamsAppConfig defaults() {
        return new StreamsAppConfig(null, null, null, null, null, null, null, null);
    }

    /** Default baseline rules: the services every account runs because of the platform's baseline stacks. */
    public static List<BaselineRule> defaultBaselineRules() {
        return List.of(
                BaselineRule.service("AWS CloudTrail", "audit"),
                BaselineRule.service("AWS Config", "audit"),
                BaselineRule.service("Amazon GuardDuty", "security"),
                BaselineRule.service("AWS Security Hub", "security"),
                BaselineRule.service("AWS Key Management Service", "security"),
                BaselineRule.service("AmazonCloudWatch", "observability"));
    }

    private static List<String> errors(
            String applicationId, Duration grace, Duration hourGrace, Cost cost, Quota quota, Noisy noisy, Sink sink) {
        List<String> e = new ArrayList<>();
        if (applicationId.isBlank() || !applicationId.matches("[A-Za-z0-9._-]+")) {
            e.add("applicationId: expected letters, digits, '.', '_' or '-', got '" + applicationId + "'");
        }
        if (grace.isNegative()) {
            e.add("windowGrace: expected a duration >= 0 such as PT2M, got " + grace);
        }
        if (hourGrace.isNegative()) {
            e.add("hourWindowGrace: expected a duration >= 0 such as PT10M, got " + hourGrace);
        }
        for (int i = 0; i < cost.baselineRules().size(); i++) {
            BaselineRule r = cost.baselineRules().get(i);
            if (r.service().isEmpty() && r.usageTypeContains().isEmpty()) {
                e.add("cost.baselineRules[" + i + "]: expected service or usageTypeContains, got neither");
            }
        }
        if (cost.closeDayOfMonth() < 1 || cost.closeDayOfMonth() > 28) {
            e.add("cost.closeDayOfMonth: expected 1-28, got " + cost.closeDayOfMonth());
        }
        sharedAccountErrors(cost.sharedAccounts(), e);
        if (!cost.reattributeEvery().isPositive()) {
            e.add("cost.reattributeEvery: expected a positive duration such as PT10S, got " + cost.reattributeEvery());
        }
        if (!(quota.warnAt() > 0 && quota.warnAt() < quota.criticalAt() && quota.criticalAt() <= 1.0)) {
            e.add("quota.warnAt/criticalAt: expected 0 < warnAt < criticalAt <= 1, got " + quota.warnAt() + "/"
                    + quota.criticalAt());
        }
        if (quota.historySize() < 2) {
            e.add("quota.historySize: expected >= 2, got " + quota.historySize());
        }
        if (!quota.forecastHorizon().isPositive()) {
            e.add("quota.forecastHorizon: expected a positive duration such as P7D, got " + quota.forecastHorizon());
        }
        if (!noisy.window().equals("5m") && !noisy.window().equals("1h")) {
            e.add("noisy.window: expected 5m or 1h, got '" + noisy.window() + "'");
        }
        if (!(noisy.alpha() > 0 && noisy.alpha() <= 1)) {
            e.add("noisy.alpha: expected 0 < alpha <= 1, got " + noisy.alpha());
        }
        if (!(noisy.closeSigmas() > 0 && noisy.closeSigmas() < noisy.openSigmas())) {
            e.add("noisy.closeSigmas: expected 0 < closeSigmas < openSigmas (" + noisy.openSigmas() + "), got "
                    + noisy.closeSigmas());
        }
        if (!(noisy.cohortPercentile() > 0 && noisy.cohortPercentile() <= 1)) {
            e.add("noisy.cohortPercentile: expected 0 < p <= 1, got " + noisy.cohortPercentile());
        }
        if (sink.batchRows() < 1) {
            e.add("sink.batchRows: expected >= 1, got " + sink.batchRows());
        }
        if (!sink.linger().isPositive()
                || !sink.retryBackoff().isPositive()
                || !sink.maxBackoff().isPositive()) {
            e.add("sink.linger/retryBackoff/maxBackoff: expected positive durations such as PT0.5S");
        }
        return e;
    }

    private static void sharedAccountErrors(List<SharedAccount> shared, List<String> e) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < shared.size(); i++) {
            SharedAccount a = shared.get(i);
            String key = "cost.sharedAccounts[" + i + "]";
            if (!a.account().matches("\\d{12}")) {
                e.add(key + ".account: expected a 12-digit account id, got '" + a.account() + "'");
            } else if (!seen.add(a.account())) {
                e.add(key + ".account: " + a.account() + " is listed twice; expected each shared account once");
            }
            if (!List.of("even", "usage", "fixed").contains(a.mode())) {
                e.add(key + ".mode: expected even, usage or fixed, got '" + a.mode() + "'");
            }
            if (a.mode().equals("fixed")) {
                if (fixedAmount(a.fixedPerTenant()) == null) {
                    e.add(key + ".fixedPerTenant: expected a decimal >= 0 such as \"12.50\" (per tenant per month),"
                            + " got '" + a.fixedPerTenant() + "'");
                }
            } else if (!a.fixedPerTenant().isEmpty()) {
                e.add(key + ".fixedPerTenant: only allowed with mode fixed, got mode '" + a.mode() + "'");
            }
        }
    }

    private static java.math.BigDecimal fixedAmount(String s) {
        try {
            java.math.BigDecimal d = new java.math.BigDecimal(s);
            return d.signum() < 0 ? null : d;
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Reads a YAML file; the exception names the key path and the expected form. */
    public static StreamsAppConfig load(Path file) {
        try {
            StreamsAppConfig config = YAML.readValue(Files.readAllBytes(file), StreamsAppConfig.class);
            return config == null ? defaults() : config;
        } catch (JsonMappingException e) {
            Throwable root = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new IllegalArgumentException(
                    file + ": " + (path.isEmpty() ? "" : path + ": ")
                            + (root == e ? e.getOriginalMessage() : root.getMessage()),
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read streams config " + file, e);
        }
    }
}
