package dev.tenantscope.streams.internal;

import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.rollup.CostCategory;
import dev.tenantscope.streams.StreamsAppConfig.BaselineRule;
import java.util.List;

/**
 * Classes a cost line. Its record type decides first: credits (and discounts), refunds, tax, commitment fees (Savings
 * Plan and Reserved Instance fees) and support fees are their own categories; usage-like record types (Usage,
 * DiscountedUsage, SavingsPlanCoveredUsage, SavingsPlanNegation and any other) are baseline (first matching rule,
 * with its component) or workload.
 */
public final class CostClassifier {
    /** The service name under which the collector's own API spend is reported. */
    public static final String COLLECTOR_SERVICE = "tenantscope collector";

    public static final String COLLECTOR_COMPONENT = "collector-api";

    public record Class(CostCategory category, String component) {}

    private static final Class WORKLOAD = new Class(CostCategory.WORKLOAD, "");
    private static final Class COLLECTOR = new Class(CostCategory.BASELINE, COLLECTOR_COMPONENT);

    private final List<BaselineRule> rules;

    public CostClassifier(List<BaselineRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public Class classify(CostLine line) {
        CostCategory byRecordType = byRecordType(line.recordType());
        if (byRecordType != null) {
            return new Class(byRecordType, "");
        }
        if (COLLECTOR_SERVICE.equals(line.service()) && COLLECTOR_COMPONENT.equals(line.usageType())) {
            return COLLECTOR;
        }
        for (BaselineRule r : rules) {
            boolean service = r.service().isEmpty() || r.service().equals(line.service());
            boolean usage = r.usageTypeContains().isEmpty() || line.usageType().contains(r.usageTypeContains());
            if (service && usage) {
                return new Class(CostCategory.BASELINE, r.component());
            }
        }
        return WORKLOAD;
    }

    /**
     * The category of a non-usage record type, null for usage. Matched without case and spaces: the API spells
     * RECORD_TYPE values like {@code SavingsPlanRecurringFee}, the console like "Savings Plan Recurring Fee".
     */
    static CostCategory byRecordType(String recordType) {
        String t = recordType.replace(" ", "").toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
            case "credit", "discount", "bundleddiscount", "edpdiscount", "privateratediscount" -> CostCategory.CREDIT;
            case "refund" -> CostCategory.REFUND;
            case "tax" -> CostCategory.TAX;
            case "rifee",
                    "recurringreservationfee",
                    "upfrontreservationfee",
                    "savingsplanrecurringfee",
                    "savingsplanupfrontfee" -> CostCategory.COMMITMENT_FEE;
            case "support", "supportfee" -> CostCategory.SUPPORT;
            default -> t.endsWith("discount") ? CostCategory.CREDIT : null;
        };
    }
}
