package dev.tenantscope.streams.internal.key;

import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.Validate;

/**
 * One tenant's signal (a metric, or the log error count): the grouping key of the windowed rollups, and so of
 * the highest-volume repartition topic ({@code tenant-signals}).
 */
public record SignalKey(TenantId tenant, String namespace, String metric) {
    public static final KeySerde<SignalKey> SERDE =
            KeySerde.of(SignalKey.class, KeyKind.SIGNAL, SignalKey::write, SignalKey::read);

    public SignalKey {
        Validate.notNull("tenant", tenant);
        Validate.notBlank("namespace", namespace);
        Validate.notBlank("metric", metric);
    }

    static void write(KeyWriter w, SignalKey k) {
        w.string(k.tenant.value()).string(k.namespace).string(k.metric);
    }

    static SignalKey read(KeyReader r) {
        TenantId tenant = TenantId.of(r.string("tenant"));
        String namespace = r.string("namespace");
        return new SignalKey(tenant, namespace, r.string("metric"));
    }
}
