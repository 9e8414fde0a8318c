package dev.tenantscope.collector.internal.pull;

import dev.tenantscope.collector.CollectorConfig.MetricSpec;
import dev.tenantscope.collector.internal.aws.Apis;
import dev.tenantscope.collector.internal.aws.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.servicequotas.model.ListServiceQuotasRequest;
import software.amazon.awssdk.services.servicequotas.model.ListServiceQuotasResponse;
import software.amazon.awssdk.services.servicequotas.model.MetricInfo;
import software.amazon.awssdk.services.servicequotas.model.ServiceQuota;

/**
 * Lists Service Quotas (free) for the configured services, cached per account and region for the list interval;
 * each quota with an AWS/Usage metric yields a {@link MetricSpec} pulled alongside the alert metrics.
 * ListServiceQuotas leaves out quotas whose applied value is not available, so ListAWSDefaultServiceQuotas fills
 * them in at their default value; an applied value wins over the default of the same quota code.
 */
public final class QuotasPuller {
    private static final int USAGE_PERIOD = 300;
    private final Apis apis;
    private final List<String> services;
    private final Duration refresh;
    private final Map<String, Listing> cache = new ConcurrentHashMap<>();

    /**
     * A quota and the spec of its usage metric (null when it has none).
     *
     * @param periodSeconds for a rate quota (e.g. calls per second), the length of its {@code Period}; 0 otherwise
     * @param global a GlobalQuota: the same in every region, so reported once per account
     */
    public record QuotaDef(
            String serviceCode,
            String quotaCode,
            String name,
            double value,
            MetricSpec usage,
            double periodSeconds,
            boolean global) {
        public QuotaDef(String serviceCode, String quotaCode, String name, double value, MetricSpec usage) {
            this(serviceCode, quotaCode, name, value, usage, 0, false);
        }

        /**
         * Usage in the quota's own unit: a rate quota's usage metric is a count over the metric's period (a Sum of
         * CallCount over 5 minutes), so it is divided down to the quota's period (per second) before anyone
         * compares it with the quota value.
         */
        public double normalise(double usage) {
            return periodSeconds > 0 && this.usage != null ? usage * periodSeconds / this.usage.periodSeconds() : usage;
        }
    }

    public record Listing(List<QuotaDef> quotas, Instant listedAt, boolean fresh) {}

    public QuotasPuller(Apis apis, List<String> services, Duration refresh) {
        this.apis = apis;
        this.services = List.copyOf(services);
        this.refresh = refresh;
    }

    /** The quotas of the target, from cache unless older than the refresh interval; {@code fresh} when listed now. */
    public Listing quotas(Target target, Instant now) {
        String key = target.account().value() + '/' + target.region();
        Listing cached = cache.get(key);
        if (cached != null && cached.listedAt().plus(refresh).isAfter(now)) {
            return new Listing(cached.quotas(), cached.listedAt(), false);
        }
        List<QuotaDef> out = new ArrayList<>();
        for (String service : services) {
            Map<String, QuotaDef> byCode = new java.util.LinkedHashMap<>();
            String token = null;
            do {
                ListServiceQuotasResponse r = apis.listServiceQuotas.call(
                        target,
                        ListServiceQuotasRequest.builder()
                                .serviceCode(service)
                                .nextToken(token)
                                .maxResults(100)
                                .build());
                r.quotas().forEach(q -> byCode.put(q.quotaCode(), def(service, q)));
                token = r.nextToken();
            } while (token != null && !token.isEmpty());
            do {
                var r = apis.listDefaultQuotas.call(
                        target,
                        software.amazon.awssdk.services.servicequotas.model.ListAwsDefaultServiceQuotasRequest.builder()
                                .serviceCode(service)
                                .nextToken(token)
                                .maxResults(100)
                                .build());
                r.quotas().forEach(q -> byCode.putIfAbsent(q.quotaCode(), def(service, q)));
                token = r.nextToken();
            } while (token != null && !token.isEmpty());
            out.addAll(byCode.values());
        }
        Listing listing = new Listing(List.copyOf(out), now, true);
        cache.put(key, listing);
        return listing;
    }

    /**
     * The last listing of the target, however old: when Service Quotas fails, its quotas' usage is still read from
     * CloudWatch, so one failing API does not take quota utilisation down with it.
     */
    public java.util.Optional<Listing> lastListing(Target target) {
        Listing cached = cache.get(target.account().value() + '/' + target.region());
        return cached == null
                ? java.util.Optional.empty()
                : java.util.Optional.of(new Listing(cached.quotas(), cached.listedAt(), false));
    }

    private static QuotaDef def(String service, ServiceQuota q) {
        return new QuotaDef(
                q.serviceCode() == null ? service : q.serviceCode(),
                q.quotaCode(),
                q.quotaName(),
                q.value() == null ? 0 : q.value(),
                usageSpec(q.usageMetric()),
                periodSeconds(q.period()),
                Boolean.TRUE.equals(q.globalQuota()));
    }

    /** A quota's Period in seconds (0 when it has none, or a unit we cannot convert). */
    static double periodSeconds(software.amazon.awssdk.services.servicequotas.model.QuotaPeriod p) {
        if (p == null || p.periodValue() == null || p.periodUnit() == null) {
            return 0;
        }
        double unit = switch (p.periodUnit()) {
            case MICROSECOND -> 1e-6;
            case MILLISECOND -> 1e-3;
            case SECOND -> 1;
            case MINUTE -> 60;
            case HOUR -> 3_600;
            case DAY -> 86_400;
            case WEEK -> 604_800;
            default -> 0;
        };
        return p.periodValue() * unit;
    }

    static MetricSpec usageSpec(MetricInfo m) {
        if (m == null || m.metricName() == null || m.metricNamespace() == null) {
            return null;
        }
        String stat = m.metricStatisticRecommendation();
        if (stat == null || stat.isBlank()) {
            stat = "Maximum";
        }
        return new MetricSpec(
                m.metricNamespace(),
                m.metricName(),
                stat,
                USAGE_PERIOD,
                m.metricDimensions() == null ? Map.of() : m.metricDimensions());
    }

    public void forget(String account) {
        cache.keySet().removeIf(k -> k.startsWith(account + '/'));
    }
}
