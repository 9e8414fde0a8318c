package dev.tenantscope.streams.internal.key;

import dev.tenantscope.model.Validate;

/**
 * The tenants of one tier on one signal: noisy-tenant detection compares a tenant with its cohort, so rollups
 * are repartitioned by this key ({@code noisy-cohort}).
 *
 * @param tier "" for tenants without a tier (e.g. unassigned)
 */
public record CohortKey(String tier, String namespace, String metric) {
    public static final KeySerde<CohortKey> SERDE =
            KeySerde.of(CohortKey.class, KeyKind.COHORT, CohortKey::write, CohortKey::read);

    public CohortKey {
        Validate.notNull("tier", tier);
        Validate.notBlank("namespace", namespace);
        Validate.notBlank("metric", metric);
    }

    static void write(KeyWriter w, CohortKey k) {
        w.string(k.tier).string(k.namespace).string(k.metric);
    }

    static CohortKey read(KeyReader r) {
        String tier = r.string("tier");
        String namespace = r.string("namespace");
        return new CohortKey(tier, namespace, r.string("metric"));
    }
}
