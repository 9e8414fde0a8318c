package dev.tenantscope.streams.internal.key;

import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.Validate;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serializer;

/**
 * How far one account of a tenant has been collected for one signal in one region ({@code
 * rollup-coverage-store}). The account is written last, so a (tenant, signal, region)'s accounts are one prefix
 * scan: {@link #PREFIX} of any key of them.
 */
public record CoverageKey(TenantId tenant, String namespace, String metric, String region, String account) {
    public static final KeySerde<CoverageKey> SERDE =
            KeySerde.of(CoverageKey.class, KeyKind.ROLLUP_COVERAGE, CoverageKey::write, CoverageKey::read);

    /** The bytes of a key without its account: the prefix every account of its (tenant, signal, region) shares. */
    public static final Serializer<CoverageKey> PREFIX = (topic, k) -> {
        byte[] withEmptyAccount =
                SERDE.serialize(topic, new CoverageKey(k.tenant, k.namespace, k.metric, k.region, ""));
        return Arrays.copyOf(withEmptyAccount, withEmptyAccount.length - 1); // drop the empty account's length byte
    };

    public CoverageKey {
        Validate.notNull("tenant", tenant);
        Validate.notBlank("namespace", namespace);
        Validate.notBlank("metric", metric);
        Validate.notBlank("region", region);
        Validate.notNull("account", account);
    }

    public static CoverageKey of(RollupWindowKey w, String account) {
        return new CoverageKey(w.tenant(), w.namespace(), w.metric(), w.region(), account);
    }

    static void write(KeyWriter w, CoverageKey k) {
        w.string(k.tenant.value())
                .string(k.namespace)
                .string(k.metric)
                .string(k.region)
                .string(k.account);
    }

    static CoverageKey read(KeyReader r) {
        TenantId tenant = TenantId.of(r.string("tenant"));
        String namespace = r.string("namespace");
        String metric = r.string("metric");
        String region = r.string("region");
        return new CoverageKey(tenant, namespace, metric, region, r.string("account"));
    }
}
