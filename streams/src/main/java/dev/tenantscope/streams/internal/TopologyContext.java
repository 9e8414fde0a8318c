package dev.tenantscope.streams.internal;

import dev.tenantscope.model.topic.Topic;
import dev.tenantscope.streams.StreamsAppConfig;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * What every sub-topology is built from, and the few DSL helpers they share.
 *
 * @param versionClock the version of emitted rows (the sink's ReplacingMergeTree keeps the highest)
 * @param accountPartitions partitions of the account-keyed raw topics: the account-state processor walks the
 *     registry for the accounts of its own partition only
 */
record TopologyContext(
        StreamsAppConfig config, StreamsCounters counters, LongSupplier versionClock, int accountPartitions) {

    /** A raw topic read with event time (see {@link EventTimeExtractor}). */
    <V> KStream<String, V> source(StreamsBuilder builder, Topic<String, V> topic, String name) {
        return builder.stream(
                topic.name(),
                Consumed.with(topic.keySerde(), topic.valueSerde())
                        .withTimestampExtractor(new EventTimeExtractor())
                        .withName(name));
    }

    static <V> Produced<String, V> produced(Topic<String, V> topic, String name) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(name);
    }

    static <K, V> StoreBuilder<KeyValueStore<K, V>> kvStore(String name, Serde<K> keySerde, Serde<V> valueSerde) {
        return org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                org.apache.kafka.streams.state.Stores.persistentKeyValueStore(name), keySerde, valueSerde);
    }
}
