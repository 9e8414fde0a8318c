package dev.tenantscope.streams.internal.key;

import dev.tenantscope.model.topic.RecordDecodeException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of a typed key inside the topology (repartition topics, state stores, changelogs).
 *
 * <p>Format, version {@value #FORMAT_VERSION}: one byte format version, one byte {@link KeyKind}, then the fields
 * in declaration order — strings as an unsigned LEB128 byte length and UTF-8, dates and months as 4-byte
 * big-endian ints, optional fields as a 0/1 byte then the field. Equal keys always give equal bytes (Kafka
 * partitions and compacts by them, and the stores look keys up by them); every field is self-delimiting, so the
 * bytes of a key's leading fields are a prefix of the key's bytes, which is what the stores' prefix scans use.
 * Decoding is strict: wrong version or kind, a field running past the end, invalid UTF-8, trailing bytes or a
 * value the key record rejects are a {@link RecordDecodeException} that names the key type and the field.
 */
public final class KeySerde<K> implements Serde<K>, Serializer<K>, Deserializer<K> {
    public static final byte FORMAT_VERSION = 1;

    private final Class<K> type;
    private final Set<KeyKind> kinds;
    private final Function<K, KeyWriter> write;
    private final Function<KeyReader, K> read;

    private KeySerde(Class<K> type, Set<KeyKind> kinds, Function<K, KeyWriter> write, Function<KeyReader, K> read) {
        this.type = type;
        this.kinds = kinds;
        this.write = write;
        this.read = read;
    }

    /** A key of one kind whose fields {@code fields} writes and {@code read} reads back in the same order. */
    static <K> KeySerde<K> of(
            Class<K> type, KeyKind kind, BiConsumer<KeyWriter, K> fields, Function<KeyReader, K> read) {
        return new KeySerde<>(
                type,
                EnumSet.of(kind),
                key -> {
                    KeyWriter w = KeyWriter.of(kind);
                    fields.accept(w, key);
                    return w;
                },
                read);
    }

    /** A key type with several kinds (a sealed interface): {@code write} picks the kind, {@code read} reads it. */
    static <K> KeySerde<K> ofKinds(
            Class<K> type, Set<KeyKind> kinds, Function<K, KeyWriter> write, Function<KeyReader, K> read) {
        return new KeySerde<>(type, EnumSet.copyOf(kinds), write, read);
    }

    @Override
    public byte[] serialize(String topic, K key) {
        return key == null ? null : write.apply(key).toBytes();
    }

    @Override
    public K deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        KeyReader r = KeyReader.open(data, type, topic, kinds);
        K key;
        try {
            key = read.apply(r);
        } catch (IllegalArgumentException e) { // the key record's own validation
            throw r.invalid(e);
        }
        r.end();
        return key;
    }

    @Override
    public Serializer<K> serializer() {
        return this;
    }

    @Override
    public Deserializer<K> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {}

    @Override
    public void close() {}
}
