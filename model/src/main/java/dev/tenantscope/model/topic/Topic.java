package dev.tenantscope.model.topic;

import dev.tenantscope.model.Validate;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic with the serdes of its keys and values: the only way modules meet.
 *
 * @param compacted whether the topic is log-compacted (latest value per key) rather than retention-bound
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean compacted) {
    public Topic {
        Validate.notBlank("name", name);
        Validate.notNull("keySerde", keySerde);
        Validate.notNull("valueSerde", valueSerde);
    }

    @Override
    public String toString() {
        return name;
    }
}
