package dev.tenantscope.queryapi.api;

import static dev.tenantscope.queryapi.api.Checks.list;
import static dev.tenantscope.queryapi.api.Checks.present;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** {@code GET /api/v1/tenants/{tenantId}/cost}: a cost series and its totals per currency. */
public record TenantCost(
        String tenantId,
        LocalDate from,
        LocalDate to,
        Granularity granularity,
        Breakdown by,
        List<CostTotal> totals,
        List<CostRow> rows) {

    public TenantCost {
        present(tenantId, "TenantCost.tenantId");
        present(from, "TenantCost.from");
        present(to, "TenantCost.to");
        present(granularity, "TenantCost.granularity");
        present(by, "TenantCost.by");
        totals = list(totals, "TenantCost.totals");
        rows = list(rows, "TenantCost.rows");
        for (CostRow r : rows) {
            if ((r.service() != null) != (by == Breakdown.SERVICE)) {
                throw new IllegalArgumentException("TenantCost.rows: service is given exactly when by=service");
            }
        }
    }

    public enum Granularity {
        DAY,
        MONTH;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Breakdown {
        NONE,
        SERVICE;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Cost in one period (a day, or a month's first day), of one service when {@code by=service}. */
    public record CostRow(
            LocalDate period,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String service,

            String currency,
            BigDecimal workload,
            BigDecimal baseline,
            BigDecimal total) {
        public CostRow {
            present(period, "CostRow.period");
            present(currency, "CostRow.currency");
            present(workload, "CostRow.workload");
            present(baseline, "CostRow.baseline");
            present(total, "CostRow.total");
        }
    }

    /** The sum of every row in one currency. */
    public record CostTotal(String currency, BigDecimal workload, BigDecimal baseline, BigDecimal total) {
        public CostTotal {
            present(currency, "CostTotal.currency");
            present(workload, "CostTotal.workload");
            present(baseline, "CostTotal.baseline");
            present(total, "CostTotal.total");
        }

        public static CostTotal zero(String currency) {
            return new CostTotal(currency, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
        }

        public CostTotal plus(CostRow row) {
            if (!currency.equals(row.currency())) {
                throw new IllegalArgumentException("CostTotal: cannot add " + row.currency() + " to " + currency);
            }
            return new CostTotal(
                    currency, workload.add(row.workload()), baseline.add(row.baseline()), total.add(row.total()));
        }
    }
}
