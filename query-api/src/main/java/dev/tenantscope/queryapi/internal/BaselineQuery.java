package dev.tenantscope.queryapi.internal;

import static dev.tenantscope.queryapi.internal.SqlValues.SCOPE;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenantscope.model.events.CostBasis;
import dev.tenantscope.queryapi.api.Baseline;
import dev.tenantscope.queryapi.api.Baseline.BaselineAccount;
import dev.tenantscope.queryapi.api.Baseline.BaselineComponent;
import dev.tenantscope.queryapi.api.Baseline.BaselineDistribution;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/cost/baseline}: the baseline overhead per account across the caller's fleet. */
final class BaselineQuery {
    /**
     * Nearest-rank percentiles (the value at rank ⌈k·n/10⌉ of the sorted per-account totals, in integer arithmetic): exact, and the
     * same number any spreadsheet computes from the export.
     */
    private static final String BASELINE = """
            SELECT currency, accounts, total, median, p90, deciles, max FROM (
            SELECT currency, count() AS accounts, sum(account_total) AS total,
                   arraySort(groupArray(account_total)) AS sorted,
                   sorted[intDiv(5 * length(sorted) + 9, 10)] AS median,
                   sorted[intDiv(9 * length(sorted) + 9, 10)] AS p90,
                   arrayMap(k -> sorted[intDiv(k * length(sorted) + 9, 10)], range(1, 11))
                       AS deciles,
                   sorted[length(sorted)] AS max
            FROM (SELECT account_id, currency, sum({{amount}}) AS account_total
                  FROM cost_daily FINAL
                  WHERE category = 'baseline' AND day >= {from:Date} AND day <= {to:Date} AND\s""" + SCOPE + """

                  GROUP BY account_id, currency)
            GROUP BY currency) ORDER BY currency""";

    private static final String COMPONENTS = """
            SELECT currency, component, accounts, total, median, p90 FROM (
            SELECT currency, component, count() AS accounts, sum(account_total) AS total,
                   arraySort(groupArray(account_total)) AS sorted,
                   sorted[intDiv(5 * length(sorted) + 9, 10)] AS median,
                   sorted[intDiv(9 * length(sorted) + 9, 10)] AS p90
            FROM (SELECT account_id, currency, baseline_component AS component, sum({{amount}}) AS account_total
                  FROM cost_daily FINAL
                  WHERE category = 'baseline' AND day >= {from:Date} AND day <= {to:Date} AND\s""" + SCOPE + """

                  GROUP BY account_id, currency, component)
            GROUP BY currency, component) ORDER BY currency, total DESC, component""";

    private static final String TOP = """
            SELECT account_id, tenant_id, currency, sum({{amount}}) AS total
            FROM cost_daily FINAL
            WHERE category = 'baseline' AND day >= {from:Date} AND day <= {to:Date} AND\s""" + SCOPE + """

            GROUP BY account_id, tenant_id, currency
            ORDER BY total DESC, account_id LIMIT {limit:UInt32}""";

    /** A row of COMPONENTS with its currency. */
    private record CurrencyComponent(String currency, BaselineComponent component) {}

    private final Db db;

    BaselineQuery(Db db) {
        this.db = db;
    }

    Baseline baseline(Principal caller, LocalDate from, LocalDate to, int top, CostBasis basis) {
        Map<String, String> p = Map.of(
                "scope", caller.scope(), "from", from.toString(), "to", to.toString(), "limit", Integer.toString(top));
        List<CurrencyComponent> components = db.list(SqlValues.amount(COMPONENTS, basis), p, BaselineQuery::component);
        List<BaselineDistribution> byCurrency =
                db.list(SqlValues.amount(BASELINE, basis), p, r -> distribution(r, components));
        List<BaselineAccount> topAccounts = db.list(
                SqlValues.amount(TOP, basis),
                p,
                r -> new BaselineAccount(
                        r.text("account_id"), r.text("tenant_id"), r.text("currency"), r.decimal("total")));
        return new Baseline(from, to, Baseline.NEAREST_RANK, byCurrency, topAccounts);
    }

    private static CurrencyComponent component(Row r) {
        return new CurrencyComponent(
                r.text("currency"),
                new BaselineComponent(
                        r.text("component"),
                        r.integer("accounts"),
                        r.decimal("total"),
                        r.decimal("median"),
                        r.decimal("p90")));
    }

    private static BaselineDistribution distribution(Row r, List<CurrencyComponent> components) {
        String currency = r.text("currency");
        List<BigDecimal> deciles = new ArrayList<>();
        for (JsonNode d : r.node().withArray("deciles")) {
            deciles.add(d.decimalValue());
        }
        return new BaselineDistribution(
                currency,
                r.integer("accounts"),
                r.decimal("total"),
                r.decimal("median"),
                r.decimal("p90"),
                deciles,
                r.decimal("max"),
                components.stream()
                        .filter(c -> c.currency().equals(currency))
                        .map(CurrencyComponent::component)
                        .toList());
    }
}
