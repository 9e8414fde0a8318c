package dev.tenantscope.streams.internal;

import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.Coverage;
import dev.tenantscope.streams.internal.key.CoverageKey;
import dev.tenantscope.streams.internal.key.SignalKey;
import java.util.List;

/**
 * One account of a tenant has been collected for one signal in one region through {@code settledThroughMs}
 * (from a {@link CollectorRun}'s {@link Coverage}): the rollups' windows ending by then are final for it.
 */
public record Covered(
        String tenant, String account, String region, String namespace, String metric, long settledThroughMs)
        implements RollupInput {

    /** The coverage of a run, one record per (signal, region), for the run's tenant. */
    static List<Covered> of(CollectorRun run, AccountRegistration reg) {
        String tenant = Signal.tenantOf(reg);
        return run.coverage().stream()
                .map(c -> new Covered(
                        tenant,
                        run.account().value(),
                        c.region(),
                        c.namespace(),
                        Signal.rollupMetric(c.metric(), c.statistic()),
                        c.settledThrough().toEpochMilli()))
                .toList();
    }

    @Override
    public SignalKey groupKey() {
        return new SignalKey(TenantId.of(tenant), namespace, metric);
    }

    CoverageKey key() {
        return new CoverageKey(TenantId.of(tenant), namespace, metric, region, account);
    }
}
