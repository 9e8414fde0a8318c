package dev.tenantscope.streams.internal.key;

import dev.tenantscope.model.Validate;

/**
 * The cost lines of one tier on one service: cost-anomaly detection ranks a line against its cohort, so daily cost
 * is repartitioned by this key ({@code cost-anomaly-cohort}).
 *
 * @param tier "" for tenants without a tier
 */
public record CostCohortKey(String tier, String service) {
    public static final KeySerde<CostCohortKey> SERDE =
            KeySerde.of(CostCohortKey.class, KeyKind.COST_COHORT, CostCohortKey::write, CostCohortKey::read);

    public CostCohortKey {
        Validate.notNull("tier", tier);
        Validate.notBlank("service", service);
    }

    static void write(KeyWriter w, CostCohortKey k) {
        w.string(k.tier).string(k.service);
    }

    static CostCohortKey read(KeyReader r) {
        String tier = r.string("tier");
        return new CostCohortKey(tier, r.string("service"));
    }
}
