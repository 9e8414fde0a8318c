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
 */
public final class QuotasPuller {
    private static final int USAGE_PERIOD = 300;
    private final Apis apis;
    private final List<String> services;
    private final Duration refresh;
    private final Map<String, Listing> cache = new ConcurrentHashMap<>();

    /** A quota and the spec of its usage metric (null when it has none). */
    public record QuotaDef(String serviceCode, String quotaCode, String name, double value, MetricSpec usage) {}

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
            String token = null;
            do {
                ListServiceQuotasResponse r = apis.listServiceQuotas.call(
                        target,
                        ListServiceQuotasRequest.builder()
                                .serviceCode(service)
                                .nextToken(token)
                                .maxResults(100)
                                .build());
                for (ServiceQuota q : r.quotas()) {
                    out.add(new QuotaDef(
                            q.serviceCode() == null ? service : q.serviceCode(),
                            q.quotaCode(),
                            q.quotaName(),
                            q.value() == null ? 0 : q.value(),
                            usageSpec(q.usageMetric())));
                }
                token = r.nextToken();
            } while (token != null && !token.isEmpty());
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
