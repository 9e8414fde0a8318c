package dev.tenantscope.streams.internal;

import com.tdunning.math.stats.MergingDigest;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.rollup.TenantMetricRollup;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The running aggregate of one tenant signal in one window: count, sum, max and a t-digest for quantiles.
 *
 * <p>The store round-trips this value on every sample (the cache holds bytes), so the digest is kept as its
 * serialized bytes and new values go to a small raw buffer that is folded into the digest every {@value #FOLD_AT}
 * values: a sample costs a copy, not a digest decode, merge and encode. Mutable on purpose: the aggregator updates
 * it in place.
 */
public final class MetricAgg {
    /** t-digest compression: ~1 % quantile error at a few hundred bytes per window. */
    private static final double COMPRESSION = 100;

    static final int FOLD_AT = 256;

    String tenant = "";
    String tier = "";
    String namespace = "";
    String metric = "";
    long count;
    double sum;
    double max = Double.NEGATIVE_INFINITY;
    /** The folded digest (small encoding), or null while every value is still in {@link #pending}. */
    byte[] digestBytes;

    double[] pending = new double[16];
    int pendingCount;

    MetricAgg add(Signal s) {
        tenant = s.tenant();
        tier = s.tier();
        namespace = s.namespace();
        metric = s.metric();
        count++;
        sum += s.value();
        max = Math.max(max, s.value());
        if (pendingCount == pending.length) {
            pending = Arrays.copyOf(pending, pending.length * 2);
        }
        pending[pendingCount++] = s.value();
        if (pendingCount >= FOLD_AT) {
            fold(digest());
        }
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
        MergingDigest d = digest();
        d.add(java.util.List.of(other.digest()));
        fold(d);
        return this;
    }

    /** This aggregate's values as one digest (the folded one plus the pending values). */
    MergingDigest digest() {
        MergingDigest d = digestBytes == null
                ? new MergingDigest(COMPRESSION)
                : MergingDigest.fromBytes(ByteBuffer.wrap(digestBytes));
        for (int i = 0; i < pendingCount; i++) {
            d.add(pending[i]);
        }
        return d;
    }

    private void fold(MergingDigest d) {
        ByteBuffer b = ByteBuffer.allocate(d.smallByteSize());
        d.asSmallBytes(b);
        digestBytes = b.array();
        pendingCount = 0;
    }

    TenantMetricRollup toRollup(String window, Instant windowStart, long version) {
        MergingDigest d = count == 0 ? null : digest();
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
                d == null ? 0 : d.quantile(0.5),
                d == null ? 0 : d.quantile(0.9),
                d == null ? 0 : d.quantile(0.99),
                version);
    }

    public static Serde<MetricAgg> serde() {
        Serializer<MetricAgg> ser = (topic, a) -> {
            if (a == null) {
                return null;
            }
            byte[][] parts = {bytes(a.tenant), bytes(a.tier), bytes(a.namespace), bytes(a.metric)};
            int digestLength = a.digestBytes == null ? 0 : a.digestBytes.length;
            int size = 24 + 4 + 8 * a.pendingCount + 4 + digestLength;
            for (byte[] p : parts) {
                size += 4 + p.length;
            }
            ByteBuffer b = ByteBuffer.allocate(size);
            for (byte[] p : parts) {
                b.putInt(p.length).put(p);
            }
            b.putLong(a.count).putDouble(a.sum).putDouble(a.max);
            b.putInt(a.pendingCount);
            for (int i = 0; i < a.pendingCount; i++) {
                b.putDouble(a.pending[i]);
            }
            b.putInt(digestLength);
            if (digestLength > 0) {
                b.put(a.digestBytes);
            }
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
            a.pending = new double[Math.max(16, Integer.highestOneBit(Math.max(1, n)) * 2)];
            b.asDoubleBuffer().get(a.pending, 0, n);
            b.position(b.position() + 8 * n);
            a.pendingCount = n;
            int digestLength = b.getInt();
            if (digestLength > 0) {
                a.digestBytes = new byte[digestLength];
                b.get(a.digestBytes);
            }
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
