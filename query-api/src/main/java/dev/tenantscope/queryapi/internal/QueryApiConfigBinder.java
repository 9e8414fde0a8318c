package dev.tenantscope.queryapi.internal;

import dev.tenantscope.config.AlertsConfig;
import dev.tenantscope.config.ConfigNode;
import dev.tenantscope.config.SharedConfig;
import dev.tenantscope.queryapi.ApiToken;
import dev.tenantscope.queryapi.QueryApiConfig;
import dev.tenantscope.queryapi.Role;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The {@code queryApi} section, bound with the one grammar. */
public final class QueryApiConfigBinder {
    private QueryApiConfigBinder() {}

    public static QueryApiConfig bind(ConfigNode n, SharedConfig shared) {
        n.moved("staleAfter", "alerts.staleAfter");
        n.moved("quotaThreshold", "alerts.quota.warnAt");
        n.moved("forecastHorizon", "alerts.quota.forecastHorizon");
        AlertsConfig alerts = shared.alerts();
        return new QueryApiConfig(
                tokens(n),
                alerts.staleAfter(),
                n.integer("newAccountDays", 7, 1, 3650, "an account that joined within this many days is new"),
                alerts.quota().warnAt(),
                alerts.quota().forecastHorizon(),
                n.integer("recentAlertDays", 7, 1, 3650, "closed alerts updated within this many days are recent"),
                n.integer("maxRangeDays", 800, 1, 36_500, "the longest date range a cost query may ask for"),
                n.integer("maxExportMonths", 12, 1, 1200, "the most months one export may span"),
                n.integer("maxPageSize", 1000, 1, 1_000_000, "the largest limit a list accepts"),
                n.integer(
                        "tenantGaugeTopN",
                        20,
                        1,
                        100_000,
                        "per-tenant gauges keep this many tenants, folding the rest"),
                n.durationOrZero(
                        "gaugeRefresh",
                        Duration.ofSeconds(15),
                        "per-tenant gauge values are reused this long (0s: never)"),
                n.durationOrZero(
                        "fleetHealthCacheTtl",
                        Duration.ofSeconds(5),
                        "one fleet health answer is shared this long (0s: computed every time)"),
                Clock.systemUTC(),
                n.integer("port", 8080, 0, 65535, "HTTP port; 0 picks a free port"));
    }

    private static List<ApiToken> tokens(ConfigNode n) {
        Set<String> hashes = new HashSet<>();
        return n.list(
                "tokens",
                t -> token(t, hashes),
                "[]",
                "bearer tokens, stored hashed: {name, sha256, role: admin|finance|tenant, tenant}");
    }

    private static ApiToken token(ConfigNode t, Set<String> hashes) {
        String name = t.requiredString("name", "who holds the token", "who holds it (logs and metrics)");
        String sha256 = t.requiredString("sha256", "64 lower-case hex digits", "SHA-256 of the token, hex");
        Role role = t.enumValue("role", null, Role.class, "what it may see");
        String tenant = t.optionalString("tenant", "the one tenant a tenant token sees");
        if (role == null && !t.has("role")) {
            t.problem("role", "(unset)", "one of [admin, finance, tenant]");
        }
        if (name == null || sha256 == null || role == null) {
            return null;
        }
        if (!hashes.add(sha256)) {
            t.problem("sha256", sha256, "a hash no other token has (each token must be unique)");
            return null;
        }
        return t.construct(() -> new ApiToken(name, sha256, role, tenant), () -> null);
    }
}
