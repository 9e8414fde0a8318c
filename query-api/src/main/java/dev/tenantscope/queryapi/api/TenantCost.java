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

/**
 * {@code GET /api/v1/tenants/{tenantId}/cost}: a cost series and its totals per currency, under one cost basis.
 * Usage is split into workload and baseline; credits, refunds, tax, commitment fees and support fees are their own
 * columns; {@code total} is the sum of all seven.
 *
 * @param basis the cost basis of every amount ({@code netAmortized} unless asked otherwise)
 */
public record TenantCost(
        String tenantId,
        LocalDate from,
        LocalDate to,
        Granularity granularity,
        Breakdown by,
        String basis,
        List<CostTotal> totals,
        List<CostRow> rows) {

    public TenantCost {
        present(tenantId, "TenantCost.tenantId");
        present(from, "TenantCost.from");
        present(to, "TenantCost.to");
        present(granularity, "TenantCost.granularity");
        present(by, "TenantCost.by");
        present(basis, "TenantCost.basis");
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
            BigDecimal credit,
            BigDecimal refund,
            BigDecimal tax,
            BigDecimal commitmentFee,
            BigDecimal support,
            BigDecimal total) {
        public CostRow {
            present(period, "CostRow.period");
            present(currency, "CostRow.currency");
            present(workload, "CostRow.workload");
            present(baseline, "CostRow.baseline");
            present(credit, "CostRow.credit");
            present(refund, "CostRow.refund");
            present(tax, "CostRow.tax");
            present(commitmentFee, "CostRow.commitmentFee");
            present(support, "CostRow.support");
            present(total, "CostRow.total");
        }
    }

    /** The sum of every row in one currency. */
    public record CostTotal(
            String currency,
            BigDecimal workload,
            BigDecimal baseline,
            BigDecimal credit,
            BigDecimal refund,
            BigDecimal tax,
            BigDecimal commitmentFee,
            BigDecimal support,
            BigDecimal total) {
        public CostTotal {
            present(currency, "CostTotal.currency");
            present(workload, "CostTotal.workload");
            present(baseline, "CostTotal.baseline");
            present(credit, "CostTotal.credit");
            present(refund, "CostTotal.refund");
            present(tax, "CostTotal.tax");
            present(commitmentFee, "CostTotal.commitmentFee");
            present(support, "CostTotal.support");
            present(total, "CostTotal.total");
        }

        public static CostTotal zero(String currency) {
            BigDecimal z = BigDecimal.ZERO;
            return new CostTotal(currency, z, z, z, z, z, z, z, z);
        }

        public CostTotal plus(CostRow row) {
            if (!currency.equals(row.currency())) {
                throw new IllegalArgumentException("CostTotal: cannot add " + row.currency() + " to " + currency);
            }
            return new CostTotal(
                    currency,
                    workload.add(row.workload()),
                    baseline.add(row.baseline()),
                    credit.add(row.credit()),
                    refund.add(row.refund()),
                    tax.add(row.tax()),
                    commitmentFee.add(row.commitmentFee()),
                    support.add(row.support()),
                    total.add(row.total()));
        }
    }
}
