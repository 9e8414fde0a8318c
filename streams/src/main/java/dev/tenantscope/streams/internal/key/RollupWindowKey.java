package dev.tenantscope.streams.internal.key;

import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.Validate;
import java.time.Instant;

/**
 * One tenant's signal in one region over the window starting at {@code startMillis}: the key of the rollup
 * windows' datapoints ({@code rollup-windows-store}) and of the hours emitted ({@code rollup-hours-store}).
 * The start is written last and in time order, so the windows of an hour are one range scan and the windows of
 * a (tenant, signal, region) one prefix scan.
 */
public record RollupWindowKey(TenantId tenant, String namespace, String metric, String region, long startMillis) {
    public static final KeySerde<RollupWindowKey> SERDE =
            KeySerde.of(RollupWindowKey.class, KeyKind.ROLLUP_WINDOW, RollupWindowKey::write, RollupWindowKey::read);

    public RollupWindowKey {
        Validate.notNull("tenant", tenant);
        Validate.notBlank("namespace", namespace);
        Validate.notBlank("metric", metric);
        Validate.notBlank("region", region);
    }

    public Instant start() {
        return Instant.ofEpochMilli(startMillis);
    }

    public RollupWindowKey withStart(long millis) {
        return new RollupWindowKey(tenant, namespace, metric, region, millis);
    }

    /** The lowest key of this (tenant, signal, region): window start {@link Long#MIN_VALUE}. */
    public RollupWindowKey first() {
        return withStart(Long.MIN_VALUE);
    }

    /** The highest key of this (tenant, signal, region). */
    public RollupWindowKey last() {
        return withStart(Long.MAX_VALUE);
    }

    static void write(KeyWriter w, RollupWindowKey k) {
        w.string(k.tenant.value()).string(k.namespace).string(k.metric).string(k.region);
        w.instantMillis(k.startMillis);
    }

    static RollupWindowKey read(KeyReader r) {
        TenantId tenant = TenantId.of(r.string("tenant"));
        String namespace = r.string("namespace");
        String metric = r.string("metric");
        String region = r.string("region");
        return new RollupWindowKey(tenant, namespace, metric, region, r.instantMillis("start"));
    }
}
