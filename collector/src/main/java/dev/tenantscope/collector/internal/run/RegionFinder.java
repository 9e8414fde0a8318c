package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.collector.CollectorConfig.MetricSpec;
import dev.tenantscope.collector.internal.aws.Apis;
import dev.tenantscope.collector.internal.aws.ErrorClass;
import dev.tenantscope.collector.internal.aws.Target;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.events.AccountRegistration;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import software.amazon.awssdk.services.account.model.ListRegionsRequest;
import software.amazon.awssdk.services.account.model.ListRegionsResponse;
import software.amazon.awssdk.services.account.model.Region;
import software.amazon.awssdk.services.account.model.RegionOptStatus;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;

/**
 * The regions an account is collected in ({@code collector.regions}): the regions enabled in it (Account
 * Management ListRegions, opt-in regions only once enabled), narrowed by {@code regions.allow}, in which CloudWatch
 * lists a metric of a collected namespace (ListMetrics lists metrics with data in the last two weeks). Found once
 * per {@code regions.refresh} and account. AWS/Usage is not probed: the collector's own calls put usage metrics in
 * every region it calls.
 *
 * <p>Cost: ListRegions is free, ListMetrics $0.01 per 1,000 requests — one request per enabled region and probed
 * namespace until one answers, about 17 a day for an account of the default fleet ($0.005 per account-month).
 * Where ListRegions fails, the registration's regions are polled and the run says why; refused (a tenant role
 * deployed before it granted {@code account:ListRegions}), they are kept until the next refresh.
 */
final class RegionFinder {
    /** Where the account-wide Account Management calls are signed. */
    static final String HOME = "us-east-1";

    private static final Set<String> NOT_PROBED = Set.of("AWS/Usage");

    /**
     * @param regions where to collect, the registration's first when it is among them (its global quotas are read
     *     there)
     * @param failure why the registration's regions are used although discovery is on; null otherwise
     */
    record Found(List<String> regions, RuntimeException failure) {
        Found {
            regions = List.copyOf(regions);
        }
    }

    private record Cached(List<String> regions, Instant at) {}

    private final CollectorConfig.Regions config;
    private final List<String> namespaces;
    private final Apis apis;
    private final Clock dataClock;
    private final Map<AccountId, Cached> found = new ConcurrentHashMap<>();

    RegionFinder(CollectorConfig config, Apis apis, Clock dataClock) {
        this.config = config.regions();
        this.namespaces = Stream.concat(config.metrics().alert().stream(), config.metrics().standard().stream())
                .map(MetricSpec::namespace)
                .filter(ns -> !NOT_PROBED.contains(ns))
                .distinct()
                .toList();
        this.apis = apis;
        this.dataClock = dataClock;
    }

    /** The regions to collect {@code reg} in this run; {@code home} signs the account-wide calls. */
    Found regions(AccountRegistration reg, Target home) {
        if (!config.discover()) {
            return new Found(reg.regions(), null);
        }
        Instant now = dataClock.instant();
        Cached cached = found.get(reg.account());
        if (cached != null && cached.at().plus(config.refresh()).isAfter(now)) {
            return new Found(cached.regions(), null);
        }
        List<String> enabled;
        try {
            enabled = enabled(home.inRegion(HOME));
        } catch (RuntimeException e) {
            // this run polls the registration's regions and says why; a role without account:ListRegions keeps
            // them until the next refresh (asking every run would make every run PARTIAL), anything else is
            // asked again at the next run
            if (ErrorClass.of(e) == ErrorClass.ACCESS_DENIED) {
                found.put(reg.account(), new Cached(reg.regions(), now));
            }
            return new Found(reg.regions(), e);
        }
        List<String> withSignals = new ArrayList<>();
        for (String region : enabled) {
            if (config.allows(region) && hasSignals(home.inRegion(region))) {
                withSignals.add(region);
            }
        }
        List<String> regions = ordered(reg.regions(), withSignals);
        found.put(reg.account(), new Cached(regions, now));
        return new Found(regions, null);
    }

    void forget(AccountId account) {
        found.remove(account);
    }

    /** Every region enabled in the account (by default, or opted in), sorted. */
    private List<String> enabled(Target t) {
        Set<String> regions = new TreeSet<>();
        String token = null;
        do {
            ListRegionsResponse page = apis.listRegions.call(
                    t,
                    ListRegionsRequest.builder()
                            .regionOptStatusContains(RegionOptStatus.ENABLED, RegionOptStatus.ENABLED_BY_DEFAULT)
                            .maxResults(50)
                            .nextToken(token)
                            .build());
            for (Region r : page.regions()) {
                RegionOptStatus status = r.regionOptStatus();
                if (status == RegionOptStatus.ENABLED || status == RegionOptStatus.ENABLED_BY_DEFAULT) {
                    regions.add(r.regionName());
                }
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return List.copyOf(regions);
    }

    /**
     * Whether CloudWatch lists a metric of a collected namespace in the target's region; a failed probe counts as
     * yes, so the pulls run there and report what fails.
     */
    private boolean hasSignals(Target t) {
        for (String namespace : namespaces) {
            try {
                ListMetricsRequest probe =
                        ListMetricsRequest.builder().namespace(namespace).build();
                if (!apis.listMetrics.call(t, probe).metrics().isEmpty()) {
                    return true;
                }
            } catch (RuntimeException e) {
                return true;
            }
        }
        return false;
    }

    /**
     * The registration's regions that have signals first, in its order (its first reads the account's global
     * quotas), then the others sorted; none found: the registration's, so the account is still collected.
     */
    private static List<String> ordered(List<String> registered, List<String> withSignals) {
        if (withSignals.isEmpty()) {
            return registered;
        }
        Set<String> out = new LinkedHashSet<>();
        registered.stream().filter(withSignals::contains).forEach(out::add);
        out.addAll(withSignals);
        return List.copyOf(out);
    }
}
