package dev.tenantscope.queryapi;

import dev.tenantscope.config.ConfigNode;
import dev.tenantscope.config.ConfigTree;
import dev.tenantscope.config.Environment;
import dev.tenantscope.config.SharedConfig;
import dev.tenantscope.queryapi.internal.QueryApiConfigBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The query API's settings: the {@code queryApi} section bound with the one grammar ({@link #bind}), plus the
 * staleness and quota thresholds of the shared {@code alerts} section. {@link #defaults()} runs.
 *
 * @param tokens bearer tokens, stored hashed
 * @param staleAfter an ACTIVE account whose last collection is older than this is stale ({@code alerts.staleAfter})
 * @param newAccountDays an account that joined within this many days is new
 * @param quotaThreshold a quota whose latest utilisation (0..1) is at or above this is listed
 *     ({@code alerts.quota.warnAt})
 * @param forecastHorizon an open quota alert forecasting exhaustion within this is listed
 *     ({@code alerts.quota.forecastHorizon})
 * @param recentAlertDays closed alerts updated within this many days are "recent"
 * @param maxRangeDays the longest date range a cost query may ask for
 * @param maxExportMonths the most months one export may span
 * @param maxPageSize the largest {@code limit} a list accepts
 * @param tenantGaugeTopN per-tenant gauges keep this many tenants; the rest are folded into {@code other}
 * @param gaugeRefresh how long per-tenant gauge values are reused between scrapes (0: not at all)
 * @param fleetHealthCacheTtl how long one computed fleet health answer is shared by callers of the same
 *     scope (0: compute every time); concurrent callers of an expired answer wait for one computation
 * @param clock "now" and "today" (UTC)
 * @param port the HTTP port (0: any free port)
 */
public record QueryApiConfig(
        List<ApiToken> tokens,
        Duration staleAfter,
        int newAccountDays,
        double quotaThreshold,
        Duration forecastHorizon,
        int recentAlertDays,
        int maxRangeDays,
        int maxExportMonths,
        int maxPageSize,
        int tenantGaugeTopN,
        Duration gaugeRefresh,
        Duration fleetHealthCacheTtl,
        Clock clock,
        int port) {

    public QueryApiConfig {
        tokens = List.copyOf(Objects.requireNonNull(tokens, "tokens"));
        Objects.requireNonNull(staleAfter, "staleAfter");
        Objects.requireNonNull(forecastHorizon, "forecastHorizon");
        Objects.requireNonNull(gaugeRefresh, "gaugeRefresh");
        Objects.requireNonNull(fleetHealthCacheTtl, "fleetHealthCacheTtl");
        Objects.requireNonNull(clock, "clock");
        if (fleetHealthCacheTtl.isNegative()) {
            throw new IllegalArgumentException("fleetHealthCacheTtl: expected ≥ 0, got " + fleetHealthCacheTtl);
        }
        positive("staleAfter", staleAfter.toMillis());
        positive("newAccountDays", newAccountDays);
        positive("forecastHorizon", forecastHorizon.toMillis());
        positive("recentAlertDays", recentAlertDays);
        positive("maxRangeDays", maxRangeDays);
        positive("maxExportMonths", maxExportMonths);
        positive("maxPageSize", maxPageSize);
        positive("tenantGaugeTopN", tenantGaugeTopN);
        if (!(quotaThreshold > 0 && quotaThreshold <= 1)) {
            throw new IllegalArgumentException(
                    "quotaThreshold: expected a utilisation in (0, 1], got " + quotaThreshold);
        }
        if (gaugeRefresh.isNegative()) {
            throw new IllegalArgumentException("gaugeRefresh: expected ≥ 0, got " + gaugeRefresh);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: expected 0..65535, got " + port);
        }
        long hashes = tokens.stream().map(ApiToken::sha256).distinct().count();
        if (hashes != tokens.size()) {
            throw new IllegalArgumentException("tokens: two tokens have the same sha256; each token must be unique");
        }
    }

    /** Binds the {@code queryApi} section; problems go to the section's tree (see {@link ConfigTree}). */
    public static QueryApiConfig bind(ConfigNode section, SharedConfig shared) {
        return QueryApiConfigBinder.bind(section, shared);
    }

    /** Settings that run: no tokens (every API call answers 401 until some are added). */
    public static QueryApiConfig defaults() {
        ConfigTree tree = ConfigTree.empty(Environment.system());
        QueryApiConfig c = bind(tree.root().section("queryApi", ""), SharedConfig.bind(tree.root()));
        tree.requireValid();
        return c;
    }

    public QueryApiConfig withTokens(List<ApiToken> newTokens) {
        return edit(b -> b.tokens = newTokens);
    }

    public QueryApiConfig withClock(Clock newClock) {
        return edit(b -> b.clock = newClock);
    }

    public QueryApiConfig withFleetHealthCacheTtl(Duration ttl) {
        return edit(b -> b.fleetHealthCacheTtl = ttl);
    }

    public QueryApiConfig withTenantGaugeTopN(int topN) {
        return edit(b -> b.tenantGaugeTopN = topN);
    }

    public QueryApiConfig withPort(int p) {
        return edit(b -> b.port = p);
    }

    private static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + ": expected > 0, got " + value);
        }
    }

    private QueryApiConfig edit(Consumer<Copy> change) {
        Copy b = new Copy(this);
        change.accept(b);
        return b.build();
    }

    /** A mutable copy, so each {@code with…} names only what it changes. */
    private static final class Copy {
        List<ApiToken> tokens;
        Duration staleAfter;
        int newAccountDays;
        double quotaThreshold;
        Duration forecastHorizon;
        int recentAlertDays;
        int maxRangeDays;
        int maxExportMonths;
        int maxPageSize;
        int tenantGaugeTopN;
        Duration gaugeRefresh;
        Duration fleetHealthCacheTtl;
        Clock clock;
        int port;

        Copy(QueryApiConfig c) {
            tokens = c.tokens;
            staleAfter = c.staleAfter;
            newAccountDays = c.newAccountDays;
            quotaThreshold = c.quotaThreshold;
            forecastHorizon = c.forecastHorizon;
            recentAlertDays = c.recentAlertDays;
            maxRangeDays = c.maxRangeDays;
            maxExportMonths = c.maxExportMonths;
            maxPageSize = c.maxPageSize;
            tenantGaugeTopN = c.tenantGaugeTopN;
            gaugeRefresh = c.gaugeRefresh;
            fleetHealthCacheTtl = c.fleetHealthCacheTtl;
            clock = c.clock;
            port = c.port;
        }

        QueryApiConfig build() {
            return new QueryApiConfig(
                    tokens,
                    staleAfter,
                    newAccountDays,
                    quotaThreshold,
                    forecastHorizon,
                    recentAlertDays,
                    maxRangeDays,
                    maxExportMonths,
                    maxPageSize,
                    tenantGaugeTopN,
                    gaugeRefresh,
                    fleetHealthCacheTtl,
                    clock,
                    port);
        }
    }
}
