package dev.tenantscope.queryapi;

import dev.tenantscope.queryapi.internal.ConfigReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The query API's settings. {@link #defaults()} runs; {@link #fromYaml(Path)} reads a file and reports
 * every bad key at once. YAML keys are the component names below, plus {@code tokens} (a list of
 * {@code name}, {@code sha256}, {@code role} admin|finance|tenant, {@code tenant}).
 *
 * @param tokens bearer tokens, stored hashed
 * @param staleAfter an ACTIVE account whose last collection is older than this is stale
 * @param newAccountDays an account that joined within this many days is new
 * @param quotaThreshold a quota whose latest utilisation (0..1) is at or above this is listed
 * @param forecastHorizon an open quota alert forecasting exhaustion within this is listed
 * @param recentAlertDays closed alerts updated within this many days are "recent"
 * @param maxRangeDays the longest date range a cost query may ask for
 * @param maxExportMonths the most months one export may span
 * @param maxPageSize the largest {@code limit} a list accepts
 * @param tenantGaugeTopN per-tenant gauges keep this many tenants; the rest are folded into {@code other}
 * @param gaugeRefresh how long per-tenant gauge values are reused between scrapes
 * @param fleetHealthCacheTtl how long one computed fleet health answer is shared by callers of the same
 *     scope (0: compute every time); concurrent callers of an expired answer wait for one computation
 * @param clock "now" and "today" (UTC)
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
        Clock clock) {

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
        long hashes = tokens.stream().map(ApiToken::sha256).distinct().count();
        if (hashes != tokens.size()) {
            throw new IllegalArgumentException("tokens: two tokens have the same sha256; each token must be unique");
        }
    }

    /** Settings that run: no tokens (every API call answers 401 until some are added). */
    public static QueryApiConfig defaults() {
        return new QueryApiConfig(
                List.of(),
                Duration.ofMinutes(15),
                7,
                0.8,
                Duration.ofDays(14),
                7,
                800,
                12,
                1000,
                20,
                Duration.ofSeconds(15),
                Duration.ofSeconds(5),
                Clock.systemUTC());
    }

    /** Reads a YAML file over {@link #defaults()}; throws one exception naming every bad key. */
    public static QueryApiConfig fromYaml(Path file) {
        return ConfigReader.read(file, defaults());
    }

    public QueryApiConfig withTokens(List<ApiToken> newTokens) {
        return new QueryApiConfig(
                newTokens,
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
                clock);
    }

    public QueryApiConfig withClock(Clock newClock) {
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
                newClock);
    }

    public QueryApiConfig withFleetHealthCacheTtl(Duration ttl) {
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
                ttl,
                clock);
    }

    public QueryApiConfig withTenantGaugeTopN(int topN) {
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
                topN,
                gaugeRefresh,
                fleetHealthCacheTtl,
                clock);
    }

    private static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + ": expected > 0, got " + value);
        }
    }
}
