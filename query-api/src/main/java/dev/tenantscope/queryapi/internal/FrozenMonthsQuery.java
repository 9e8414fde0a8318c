package dev.tenantscope.queryapi.internal;

import static dev.tenantscope.queryapi.internal.SqlValues.SCOPE;

import dev.tenantscope.queryapi.api.FrozenMonths;
import dev.tenantscope.queryapi.api.FrozenMonths.FrozenMonth;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code GET /api/v1/exports/months}: the frozen months the finance exports can read, and what changed since. */
final class FrozenMonthsQuery {
    private static final String FILTER = SCOPE + " AND ({tenant:String} = '' OR tenant_id = {tenant:String})";

    private static final String MONTHS = """
            SELECT month, currency, max(frozen_version) AS frozen_version, max(frozen_at) AS frozen_at,
                   uniqExact(tenant_id) AS tenants, sum(amount) AS frozen_total
            FROM cost_month_close FINAL
            WHERE\s""" + FILTER + """

            GROUP BY month, currency ORDER BY month, currency""";

    private static final String RESTATED = """
            SELECT month, currency, count() AS restated_rows, sum(delta) AS delta
            FROM cost_restatements FINAL
            WHERE\s""" + FILTER + """

            GROUP BY month, currency ORDER BY month, currency""";

    /** A row of MONTHS, before its restatements are joined in. */
    private record Frozen(LocalDate month, String currency, long version, Instant at, long tenants, BigDecimal total) {}

    /** A row of RESTATED. */
    private record Restated(LocalDate month, String currency, long rows, BigDecimal delta) {}

    private final Db db;

    FrozenMonthsQuery(Db db) {
        this.db = db;
    }

    /** @param tenant one tenant the caller sees, or null for all it sees */
    FrozenMonths months(Principal caller, @Nullable String tenant) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("scope", caller.scope());
        p.put("tenant", tenant == null ? "" : tenant);
        List<Frozen> frozen = db.list(
                MONTHS,
                p,
                r -> new Frozen(
                        r.date("month"),
                        r.text("currency"),
                        r.integer("frozen_version"),
                        r.instant("frozen_at"),
                        r.integer("tenants"),
                        r.decimal("frozen_total")));
        List<Restated> restated = db.list(
                RESTATED,
                p,
                r -> new Restated(r.date("month"), r.text("currency"), r.integer("restated_rows"), r.decimal("delta")));
        return new FrozenMonths(frozen.stream()
                .map(f -> {
                    Restated r = restated.stream()
                            .filter(x ->
                                    x.month().equals(f.month()) && x.currency().equals(f.currency()))
                            .findFirst()
                            .orElse(null);
                    return new FrozenMonth(
                            f.month(),
                            f.currency(),
                            f.version(),
                            f.at(),
                            f.tenants(),
                            f.total(),
                            r == null ? 0 : r.rows(),
                            r == null ? BigDecimal.ZERO : r.delta());
                })
                .toList());
    }
}
