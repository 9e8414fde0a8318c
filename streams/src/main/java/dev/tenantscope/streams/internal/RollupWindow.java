package dev.tenantscope.streams.internal;

import dev.tenantscope.model.rollup.TenantMetricRollup;
import dev.tenantscope.streams.internal.key.RollupWindowKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The emission state of one 5-minute window ({@code rollup-windows-store}) or hour ({@code rollup-hours-store}):
 * the tenant's tier, and what was last emitted for it. The window's datapoints are in {@code rollup-points-store},
 * one entry each ({@link dev.tenantscope.streams.internal.key.RollupPointKey}).
 *
 * @param points datapoints of state written before they had their own store (identity → latest value); the
 *     processor moves them there when it reads such a window, and writes none here
 * @param version the version of the last emission; 0 while not emitted
 * @param complete whether the last emission was complete
 * @param observedIncomplete whether an incomplete emission was handed to the detectors (at {@code rollups.maxWait})
 */
record RollupWindow(
        String tier, Map<String, Double> points, long version, boolean complete, boolean observedIncomplete) {
    static final RollupWindow EMPTY = new RollupWindow("", Map.of(), 0, false, false);

    RollupWindow {
        points = Map.copyOf(points);
    }

    RollupWindow(String tier, Map<String, Double> points, long version, boolean complete) {
        this(tier, points, version, complete, false);
    }

    /** A window not yet emitted, of a tenant of this tier. */
    static RollupWindow of(String tier) {
        return new RollupWindow(tier, Map.of(), 0, false, false);
    }

    boolean emitted() {
        return version > 0;
    }

    /** Whether detectors have counted this window: once complete, or once emitted incomplete at maxWait. */
    boolean observed() {
        return emitted() && (complete || observedIncomplete);
    }

    RollupWindow withTier(String newTier) {
        return new RollupWindow(newTier, points, version, complete, observedIncomplete);
    }

    /** This window's state without its datapoints (once they are in the points store). */
    RollupWindow withoutPoints() {
        return new RollupWindow(tier, Map.of(), version, complete, observedIncomplete);
    }

    RollupWindow emittedAs(long emittedVersion, boolean wasComplete, boolean observedNow) {
        return new RollupWindow(
                tier, points, emittedVersion, wasComplete, observedIncomplete || (observedNow && !wasComplete));
    }

    /** The next version: the clock, or one more than the last when the clock has not moved past it. */
    long nextVersion(long clock) {
        return Math.max(clock, version + 1);
    }

    /** The rollup of {@code values}: count, sum, max and exact quantiles (linear between the closest ranks). */
    static TenantMetricRollup rollup(
            RollupWindowKey key,
            String window,
            String tier,
            Collection<Double> values,
            boolean complete,
            long version) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return new TenantMetricRollup(
                key.tenant(),
                tier,
                window,
                key.start(),
                key.region(),
                key.namespace(),
                key.metric(),
                v.length,
                sum,
                v.length == 0 ? 0 : v[v.length - 1],
                quantile(v, 0.5),
                quantile(v, 0.9),
                quantile(v, 0.99),
                complete,
                version);
    }

    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        double rank = q * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }

    static Serde<RollupWindow> serde() {
        Serializer<RollupWindow> ser = (topic, w) -> {
            if (w == null) {
                return null;
            }
            byte[] tier = w.tier.getBytes(StandardCharsets.UTF_8);
            byte[][] ids = new byte[w.points.size()][];
            double[] values = new double[ids.length];
            int size = 4 + tier.length + 8 + 1 + 4;
            int i = 0;
            for (var e : new TreeMap<>(w.points).entrySet()) {
                ids[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
                values[i] = e.getValue();
                size += 4 + ids[i].length + 8;
                i++;
            }
            ByteBuffer b = ByteBuffer.allocate(size);
            // flags: bit 0 complete, bit 1 observed incomplete (absent before it existed: read as 0)
            b.putInt(tier.length).put(tier).putLong(w.version).put((byte)
                    ((w.complete ? 1 : 0) | (w.observedIncomplete ? 2 : 0)));
            b.putInt(ids.length);
            for (int j = 0; j < ids.length; j++) {
                b.putInt(ids[j].length).put(ids[j]).putDouble(values[j]);
            }
            return b.array();
        };
        Deserializer<RollupWindow> de = (topic, data) -> {
            if (data == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(data);
            String tier = str(b);
            long version = b.getLong();
            byte flags = b.get();
            boolean complete = (flags & 1) != 0;
            boolean observedIncomplete = (flags & 2) != 0;
            int n = b.getInt();
            Map<String, Double> points = new TreeMap<>();
            for (int j = 0; j < n; j++) {
                String id = str(b);
                points.put(id, b.getDouble());
            }
            return new RollupWindow(tier, points, version, complete, observedIncomplete);
        };
        return Serdes.serdeFrom(ser, de);
    }

    private static String str(ByteBuffer b) {
        int n = b.getInt();
        String s = new String(Arrays.copyOfRange(b.array(), b.position(), b.position() + n), StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }
}
