package dev.tenantscope.streams.internal.key;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.Validate;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One cost line within its cohort (tenant, account, service of a tier): the key of its cost-anomaly state; a
 * cohort's lines are one prefix scan.
 */
public record CostLineKey(CostCohortKey cohort, TenantId tenant, AccountId account) {
    public static final KeySerde<CostLineKey> SERDE =
            KeySerde.of(CostLineKey.class, KeyKind.COST_ANOMALY_LINE, CostLineKey::write, CostLineKey::read);

    /** The leading bytes of every line key of one cohort. */
    public static final Serializer<CostCohortKey> COHORT_PREFIX = (topic, cohort) -> {
        KeyWriter w = KeyWriter.of(KeyKind.COST_ANOMALY_LINE);
        CostCohortKey.write(w, cohort);
        return w.toBytes();
    };

    public CostLineKey {
        Validate.notNull("cohort", cohort);
        Validate.notNull("tenant", tenant);
        Validate.notNull("account", account);
    }

    static void write(KeyWriter w, CostLineKey k) {
        CostCohortKey.write(w, k.cohort);
        w.string(k.tenant.value()).string(k.account.value());
    }

    static CostLineKey read(KeyReader r) {
        CostCohortKey cohort = CostCohortKey.read(r);
        TenantId tenant = TenantId.of(r.string("tenant"));
        return new CostLineKey(cohort, tenant, AccountId.of(r.string("account")));
    }
}
