package dev.tenantscope.model.events;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The cost bases Cost Explorer answers in one GetCostAndUsage call. They differ where commitments, credits or
 * discounts apply: {@code UNBLENDED} matches the invoice line by line (a Savings Plan's fee sits in the account that
 * bought it); {@code NET_AMORTIZED}, the usual chargeback basis and tenantscope's default, spreads commitments over
 * the accounts that used them, after discounts.
 */
public enum CostBasis {
    UNBLENDED("UnblendedCost", "unblended"),
    NET_UNBLENDED("NetUnblendedCost", "netUnblended"),
    AMORTIZED("AmortizedCost", "amortized"),
    NET_AMORTIZED("NetAmortizedCost", "netAmortized"),
    BLENDED("BlendedCost", "blended");

    /** The chargeback default of the API, exports and dashboards. */
    public static final CostBasis DEFAULT = NET_AMORTIZED;

    private final String metric;
    private final String apiName;

    CostBasis(String metric, String apiName) {
        this.metric = metric;
        this.apiName = apiName;
    }

    /** Cost Explorer's metric name, e.g. {@code NetAmortizedCost}. */
    public String metric() {
        return metric;
    }

    /** The name the API, exports and configuration use, e.g. {@code netAmortized}. */
    public String apiName() {
        return apiName;
    }

    /** The basis named {@code name} (API name or Cost Explorer metric, case-insensitive); the error lists them. */
    public static CostBasis parse(String name) {
        for (CostBasis b : values()) {
            if (b.apiName.equalsIgnoreCase(name) || b.metric.equalsIgnoreCase(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("basis: expected one of "
                + Arrays.stream(values()).map(CostBasis::apiName).collect(Collectors.joining(", "))
                + ", got '" + name + "'");
    }
}
