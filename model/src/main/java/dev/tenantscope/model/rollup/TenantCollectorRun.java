package dev.tenantscope.model.rollup;

import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.Validate;
import dev.tenantscope.model.events.CollectorRun;

/** A collector run attributed to the tenant owning its account, for the collector_runs table. */
public record TenantCollectorRun(TenantId tenant, CollectorRun run, long version) {
    public TenantCollectorRun {
        Validate.notNull("tenant", tenant);
        Validate.notNull("run", run);
        Validate.notNegative("version", version);
    }

    public String key() {
        return run.account().value() + "|" + run.startedAt();
    }
}
