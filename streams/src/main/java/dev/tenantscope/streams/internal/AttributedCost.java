package dev.tenantscope.streams.internal;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.TenantId;
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
        CostCategory category,
        String component,
        Money amount,
        boolean estimated,
        Instant retrievedAt) {

    static AttributedCost of(CostLine line, TenantId tenant, CostClassifier.Class c) {
        return new AttributedCost(
                tenant,
                line.account(),
                line.day(),
                line.service(),
                line.usageType(),
                c.category(),
                c.component(),
                line.amount(),
                line.estimated(),
                line.retrievedAt());
    }

    /** The per-tenant daily cost row this line adds to. */
    DailyCostKey dailyKey() {
        return new DailyCostKey(tenant, account, day, service, category, component, amount.currency());
    }

    /** Restatement order: the later retrieval wins; on a tie the newer record (a re-attribution) wins. */
    static AttributedCost latest(AttributedCost older, AttributedCost newer) {
        return newer.retrievedAt.isBefore(older.retrievedAt) ? older : newer;
    }
}
