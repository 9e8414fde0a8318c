package dev.tenantscope.streams.internal;

import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.LogSignal;
import dev.tenantscope.model.events.MetricSample;
import dev.tenantscope.streams.internal.key.SignalKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** One value of one tenant's signal at one time: what the windowed rollups aggregate. */
public record Signal(String tenant, String tier, String namespace, String metric, long timestampMs, double value) {
    /** Log signals are rolled up as this namespace, metric {@value #LOG_ERRORS}. */
    public static final String LOG_NAMESPACE = "tenantscope/logs";

    public static final String LOG_ERRORS = "errors";

    static Signal of(MetricSample s, AccountRegistration reg) {
        String metric = "Sum".equals(s.statistic()) ? s.metric() : s.metric() + "." + s.statistic();
        return new Signal(
                tenantOf(reg), tierOf(reg), s.namespace(), metric, s.timestamp().toEpochMilli(), s.value());
    }

    static Signal of(LogSignal l, AccountRegistration reg) {
        return new Signal(
                tenantOf(reg),
                tierOf(reg),
                LOG_NAMESPACE,
                LOG_ERRORS,
                l.binStart().toEpochMilli(),
                l.errorCount());
    }

    static String tenantOf(AccountRegistration reg) {
        return reg == null ? TenantId.UNASSIGNED.value() : reg.tenant().value();
    }

    static String tierOf(AccountRegistration reg) {
        return reg == null ? "" : reg.tier();
    }

    /** The grouping key of the rollups. */
    SignalKey groupKey() {
        return new SignalKey(TenantId.of(tenant), namespace, metric);
    }

    /** A compact binary serde: this is the highest-volume internal topic. */
    public static Serde<Signal> serde() {
        Serializer<Signal> ser = (topic, s) -> {
            if (s == null) {
                return null;
            }
            byte[][] parts = {bytes(s.tenant), bytes(s.tier), bytes(s.namespace), bytes(s.metric)};
            int size = 16;
            for (byte[] p : parts) {
                size += 4 + p.length;
            }
            ByteBuffer b = ByteBuffer.allocate(size);
            for (byte[] p : parts) {
                b.putInt(p.length).put(p);
            }
            return b.putLong(s.timestampMs).putDouble(s.value).array();
        };
        Deserializer<Signal> de = (topic, data) -> {
            if (data == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(data);
            return new Signal(str(b), str(b), str(b), str(b), b.getLong(), b.getDouble());
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
