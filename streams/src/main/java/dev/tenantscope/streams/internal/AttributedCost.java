package dev.tenantscope.streams.internal;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.CostAmounts;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.rollup.CostCategory;
import dev.tenantscope.streams.internal.key.DailyCostKey;
import java.time.Instant;
import java.time.LocalDate;

/** A cost line with its tenant and classification: the value of the restatement-safe cost KTable. */
public record AttributedCost(
        TenantId tenant,
        AccountId account,
        LocalDate day,
        String service,
        String usageType,
        String recordType,
        CostCategory category,
        String component,
        CostAmounts amounts,
        boolean estimated,
        Instant retrievedAt) {

    static AttributedCost of(CostLine line, TenantId tenant, CostClassifier.Class c) {
        return new AttributedCost(
                tenant,
                line.account(),
                line.day(),
                line.service(),
                line.usageType(),
                line.recordType(),
                c.category(),
                c.component(),
                line.amounts(),
                line.estimated(),
                line.retrievedAt());
    }

    /** The per-tenant daily cost row this line adds to. */
    DailyCostKey dailyKey() {
        return new DailyCostKey(tenant, account, day, service, recordType, category, component, amounts.currency());
    }

    /**
     * Restatement order: the later retrieval wins. On a tie the newer record (a re-attribution) wins — except that a
     * zero never replaces a non-zero line of the same retrieval: a restatement's zero ({@link PulledLines}) that
     * reaches a key after the pull's own line for it must not erase that line, whichever topic was read first.
     */
    static AttributedCost latest(AttributedCost older, AttributedCost newer) {
        if (newer.retrievedAt.isBefore(older.retrievedAt)) {
            return older;
        }
        if (newer.retrievedAt.equals(older.retrievedAt)
                && PulledLines.isZero(newer.amounts)
                && !PulledLines.isZero(older.amounts)
                && newer.tenant.equals(older.tenant)) {
            return older;
        }
        return newer;
    }
}
