package dev.tenantscope.streams.internal.key;

import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.Validate;
import org.apache.kafka.common.serialization.Serializer;

/** One tenant within its cohort: the key of its noisy-detection state; a cohort is one prefix scan. */
public record CohortMemberKey(CohortKey cohort, TenantId tenant) {
    public static final KeySerde<CohortMemberKey> SERDE =
            KeySerde.of(CohortMemberKey.class, KeyKind.COHORT_MEMBER, CohortMemberKey::write, CohortMemberKey::read);

    /** The leading bytes of every member key of one cohort. */
    public static final Serializer<CohortKey> COHORT_PREFIX = (topic, cohort) -> {
        KeyWriter w = KeyWriter.of(KeyKind.COHORT_MEMBER);
        CohortKey.write(w, cohort);
        return w.toBytes();
    };

    public CohortMemberKey {
        Validate.notNull("cohort", cohort);
        Validate.notNull("tenant", tenant);
    }

    static void write(KeyWriter w, CohortMemberKey k) {
        CohortKey.write(w, k.cohort);
        w.string(k.tenant.value());
    }

    static CohortMemberKey read(KeyReader r) {
        CohortKey cohort = CohortKey.read(r);
        return new CohortMemberKey(cohort, TenantId.of(r.string("tenant")));
    }
}
