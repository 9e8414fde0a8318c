package dev.tenantscope.streams.internal;

import com.tdunning.math.stats.MergingDigest;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.rollup.TenantMetricRollup;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The running aggregate of one tenant signal in one window: count, sum, max and a t-digest for quantiles.
 * Mutable on purpose: the aggregator updates it in place and the store serialises it after each update.
 */
public final class MetricAgg {
    /** t-digest compression: ~1 % quantile error at a few hundred bytes per window. */
    private static final double COMPRESSION = 100;

    String tenant = "";
    String tier = "";
    String namespace = "";
    String metric = "";
    long count;
    double sum;
    double max = Double.NEGATIVE_INFINITY;
    MergingDigest digest = new MergingDigest(COMPRESSION);

    MetricAgg add(Signal s) {
        tenant = s.tenant();
        tier = s.tier();
        namespace = s.namespace();
        metric = s.metric();
        count++;
        sum += s.value();
        max = Math.max(max, s.value());
        digest.add(s.value());
        return this;
    }

    /** Merges another window's aggregate into this one: t-digests are mergeable, so quantiles stay right. */
    MetricAgg merge(MetricAgg other) {
        tenant = other.tenant;
        tier = other.tier;
        namespace = other.namespace;
        metric = other.metric;
        count += other.count;
        sum += other.sum;
        max = Math.max(max, other.max);
        digest.add(java.util.List.of(other.digest));
        return this;
    }

    TenantMetricRollup toRollup(String window, Instant windowStart, long version) {
        return new TenantMetricRollup(
                TenantId.of(tenant),
                tier,
                window,
                windowStart,
                namespace,
                metric,
                count,
                sum,
                count == 0 ? 0 : max,
                quantile(0.5),
                quantile(0.9),
                quantile(0.99),
                version);
    }

    private double quantile(double q) {
        return count == 0 ? 0 : digest.quantile(q);
    }

    public static Serde<MetricAgg> serde() {
        Serializer<MetricAgg> ser = (topic, a) -> {
            if (a == null) {
                return null;
            }
            byte[][] parts = {bytes(a.tenant), bytes(a.tier), bytes(a.namespace), bytes(a.metric)};
            int size = 24 + 4 + a.digest.smallByteSize();
            for (byte[] p : parts) {
                size += 4 + p.length;
            }
            ByteBuffer b = ByteBuffer.allocate(size);
            for (byte[] p : parts) {
                b.putInt(p.length).put(p);
            }
            b.putLong(a.count).putDouble(a.sum).putDouble(a.max);
            b.putInt(a.digest.smallByteSize());
            a.digest.asSmallBytes(b);
            return b.array();
        };
        Deserializer<MetricAgg> de = (topic, data) -> {
            if (data == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(data);
            MetricAgg a = new MetricAgg();
            a.tenant = str(b);
            a.tier = str(b);
            a.namespace = str(b);
            a.metric = str(b);
            a.count = b.getLong();
            a.sum = b.getDouble();
            a.max = b.getDouble();
            int n = b.getInt();
            a.digest = MergingDigest.fromBytes(b.slice(b.position(), n));
            return a;
        };
        return Serdes.serdeFrom(ser, de);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String str(ByteBuffer b) {
        int n = b.getInt();
        String s = new String(b.array(), b.position(), n, StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }
}
