package dev.tenantscope.streams.internal;

import dev.tenantscope.streams.internal.key.SignalKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the rollups read, grouped by {@link SignalKey} on {@code tenant-signals}: datapoints ({@link Signal}) and
 * the coverage that makes their windows final ({@link Covered}). Both go through one repartition so that a
 * signal's datapoints and its coverage meet on one task, in order.
 */
public sealed interface RollupInput permits Signal, Covered {
    long FIVE_MINUTES = 300_000L;

    SignalKey groupKey();

    byte SIGNAL = 1;
    byte COVERED = 2;

    /** A compact binary serde with a tag byte: this is the highest-volume internal topic. */
    static Serde<RollupInput> serde() {
        Serializer<RollupInput> ser = (topic, in) -> {
            if (in == null) {
                return null;
            }
            return switch (in) {
                case Signal s -> {
                    byte[][] parts = {
                        bytes(s.tenant()),
                        bytes(s.tier()),
                        bytes(s.account()),
                        bytes(s.region()),
                        bytes(s.namespace()),
                        bytes(s.metric()),
                        bytes(s.series())
                    };
                    ByteBuffer b = ByteBuffer.allocate(1 + size(parts) + 16).put(SIGNAL);
                    put(b, parts);
                    yield b.putLong(s.timestampMs()).putDouble(s.value()).array();
                }
                case Covered c -> {
                    byte[][] parts = {
                        bytes(c.tenant()),
                        bytes(c.account()),
                        bytes(c.region()),
                        bytes(c.namespace()),
                        bytes(c.metric())
                    };
                    ByteBuffer b = ByteBuffer.allocate(1 + size(parts) + 8).put(COVERED);
                    put(b, parts);
                    yield b.putLong(c.settledThroughMs()).array();
                }
            };
        };
        Deserializer<RollupInput> de = (topic, data) -> {
            if (data == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(data);
            byte tag = b.get();
            return switch (tag) {
                case SIGNAL ->
                    new Signal(str(b), str(b), str(b), str(b), str(b), str(b), str(b), b.getLong(), b.getDouble());
                case COVERED -> new Covered(str(b), str(b), str(b), str(b), str(b), b.getLong());
                default -> throw new IllegalArgumentException("rollup input: unknown tag " + tag);
            };
        };
        return Serdes.serdeFrom(ser, de);
    }

    private static int size(byte[][] parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += 4 + p.length;
        }
        return n;
    }

    private static void put(ByteBuffer b, byte[][] parts) {
        for (byte[] p : parts) {
            b.putInt(p.length).put(p);
        }
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
