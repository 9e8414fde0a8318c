package dev.tenantscope.queryapi.internal;

import dev.tenantscope.clickhouse.schema.CostColumns;
import dev.tenantscope.model.events.CostBasis;
import dev.tenantscope.queryapi.api.TenantCost;
import dev.tenantscope.queryapi.api.TenantCost.Breakdown;
import dev.tenantscope.queryapi.api.TenantCost.CostRow;
import dev.tenantscope.queryapi.api.TenantCost.CostTotal;
import dev.tenantscope.queryapi.api.TenantCost.Granularity;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code GET /api/v1/tenants/{tenantId}/cost}: one tenant's cost per day or month, optionally by service, under one
 * basis, by category.
 *
 * <p>By month, the months the range covers whole are read from {@code cost_monthly} (about 30 rows per month instead
 * of about 900 spread over a cost_daily partition each); the others from {@code cost_daily}. A month is covered whole
 * when the range starts on or before its first day and ends on or after its {@code last_day} (the latest day with
 * cost): a range ending today covers the current month whole. cost_monthly is recomputed from cost_daily by the sink
 * ({@code CostMonthly}), so both paths give the same exact sums, restatements included.
 */
final class TenantCostQuery {
    /**
     * %1$s: the period expression, %2$s: the service expression, %3$s: the basis's amount column, %4$s: the table,
     * %5$s: the range condition, %6$s: extra columns (all fixed text chosen here or by enum).
     */
    private static final String SERIES = """
            SELECT %1$s AS period, %2$s AS service, currency,
                   sumIf(%3$s, category = 'workload') AS workload,
                   sumIf(%3$s, category = 'baseline') AS baseline,
                   sumIf(%3$s, category = 'credit') AS credit,
                   sumIf(%3$s, category = 'refund') AS refund,
                   sumIf(%3$s, category = 'tax') AS tax,
                   sumIf(%3$s, category = 'commitment_fee') AS commitment_fee,
                   sumIf(%3$s, category = 'support') AS support,
                   sum(%3$s) AS total%6$s
            FROM %4$s FINAL
            WHERE tenant_id = {tenant:String} AND %5$s
            GROUP BY period, service, currency
            ORDER BY period, service, currency""";

    private static final Comparator<CostRow> ORDER = Comparator.comparing(CostRow::period)
            .thenComparing(r -> r.service() == null ? "" : r.service())
            .thenComparing(CostRow::currency);

    private final Db db;

    TenantCostQuery(Db db) {
        this.db = db;
    }

    /** @param tenant a tenant the caller sees ({@link TenantVisibility#require} has passed) */
    TenantCost series(
            String tenant, LocalDate from, LocalDate to, Granularity granularity, Breakdown by, CostBasis basis) {
        List<CostRow> rows = granularity == Granularity.MONTH
                ? monthly(tenant, from, to, by, basis)
                : daily(tenant, List.of(new Range(from, to)), "day", by, basis);
        // totals summed here, exactly, rather than by a second scan of the same rows
        Map<String, CostTotal> totals = new TreeMap<>();
        for (CostRow r : rows) {
            totals.put(
                    r.currency(),
                    totals.getOrDefault(r.currency(), CostTotal.zero(r.currency()))
                            .plus(r));
        }
        return new TenantCost(tenant, from, to, granularity, by, basis.apiName(), List.copyOf(totals.values()), rows);
    }

    /** Whole months from cost_monthly, the months the range cuts from cost_daily. */
    private List<CostRow> monthly(String tenant, LocalDate from, LocalDate to, Breakdown by, CostBasis basis) {
        Map<String, String> p =
                Map.of("tenant", tenant, "from", from.withDayOfMonth(1).toString(), "to", to.toString());
        Map<LocalDate, LocalDate> lastDay = new TreeMap<>();
        List<MonthRow> months = db.list(
                SERIES.formatted(
                        "month",
                        service(by),
                        CostColumns.amount(basis),
                        "cost_monthly",
                        "month >= {from:Date} AND month <= {to:Date}",
                        ", max(last_day) AS last_day"),
                p,
                r -> new MonthRow(row(r, by), r.date("last_day")));
        for (MonthRow m : months) {
            lastDay.merge(m.row().period(), m.lastDay(), (a, b) -> a.isAfter(b) ? a : b);
        }
        List<Range> cut = new ArrayList<>();
        lastDay.forEach((month, last) -> {
            if (from.isAfter(month) || to.isBefore(last)) {
                cut.add(new Range(from.isAfter(month) ? from : month, to.isBefore(last) ? to : last));
            }
        });
        Set<LocalDate> cutMonths = new HashSet<>();
        cut.forEach(c -> cutMonths.add(c.month()));
        List<CostRow> rows = new ArrayList<>();
        for (MonthRow m : months) {
            if (!cutMonths.contains(m.row().period())) {
                rows.add(m.row());
            }
        }
        cut.removeIf(c -> c.from().isAfter(c.to())); // a month whose cost all lies before the range starts
        if (!cut.isEmpty()) {
            rows.addAll(daily(tenant, cut, "toStartOfMonth(day)", by, basis));
            rows.sort(ORDER);
        }
        return rows;
    }

    /** The rows of cost_daily in the given day ranges, by {@code period}. */
    private List<CostRow> daily(String tenant, List<Range> ranges, String period, Breakdown by, CostBasis basis) {
        Map<String, String> p = new TreeMap<>();
        p.put("tenant", tenant);
        StringBuilder where = new StringBuilder("(");
        for (int i = 0; i < ranges.size(); i++) {
            where.append(i == 0 ? "" : " OR ").append("(day >= {from%1$d:Date} AND day <= {to%1$d:Date})".formatted(i));
            p.put("from" + i, ranges.get(i).from().toString());
            p.put("to" + i, ranges.get(i).to().toString());
        }
        return db.list(
                SERIES.formatted(period, service(by), CostColumns.amount(basis), "cost_daily", where.append(')'), ""),
                p,
                r -> row(r, by));
    }

    private static String service(Breakdown by) {
        return by == Breakdown.SERVICE ? "service" : "''";
    }

    private static CostRow row(Row r, Breakdown by) {
        return new CostRow(
                r.date("period"),
                by == Breakdown.SERVICE ? r.text("service") : null,
                r.text("currency"),
                r.decimal("workload"),
                r.decimal("baseline"),
                r.decimal("credit"),
                r.decimal("refund"),
                r.decimal("tax"),
                r.decimal("commitment_fee"),
                r.decimal("support"),
                r.decimal("total"));
    }

    /** Days {@code [from, to]} of one month. */
    private record Range(LocalDate from, LocalDate to) {
        LocalDate month() {
            return from.withDayOfMonth(1);
        }
    }

    /** A row of cost_monthly with the latest day its month has cost on. */
    private record MonthRow(CostRow row, LocalDate lastDay) {}
}
