package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.internal.pull.Sink;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.events.CostPullCompleted;
import dev.tenantscope.model.events.LogSignal;
import dev.tenantscope.model.events.MetricSample;
import dev.tenantscope.model.events.QuotaSample;
import dev.tenantscope.model.topic.Topic;
import dev.tenantscope.model.topic.Topics;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends records to the raw topics keyed by account id: idempotent producer, acks=all. */
public final class KafkaSink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);
    private final Producer<byte[], byte[]> producer;
    private final CollectorMetrics metrics;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    public KafkaSink(String bootstrapServers, String clientId, CollectorMetrics metrics) {
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        clientId,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        20,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        256 * 1024,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "lz4",
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        120_000),
                new ByteArraySerializer(),
                new ByteArraySerializer());
        this.metrics = metrics;
    }

    private <V> void send(Topic<String, V> topic, String key, V value) {
        byte[] k = topic.keySerde().serializer().serialize(topic.name(), key);
        byte[] v = topic.valueSerde().serializer().serialize(topic.name(), value);
        producer.send(new ProducerRecord<>(topic.name(), k, v), (md, e) -> {
            if (e != null) {
                if (failures.getAndIncrement() == 0) {
                    firstFailure.set(e);
                    LOG.warn("cannot write to {} (further failures are only counted): {}", topic.name(), e.toString());
                }
            }
        });
        metrics.records(topic.name(), 1);
    }

    @Override
    public void metric(MetricSample s) {
        send(Topics.RAW_METRICS, s.account().value(), s);
    }

    @Override
    public void log(LogSignal s) {
        send(Topics.RAW_LOGS, s.account().value(), s);
    }

    @Override
    public void quota(QuotaSample s) {
        send(Topics.RAW_QUOTAS, s.account().value(), s);
    }

    @Override
    public void cost(CostLine line) {
        send(Topics.RAW_COST, line.account().value(), line);
    }

    @Override
    public void costPulled(CostPullCompleted c) {
        send(Topics.RAW_COST_PULLS, c.account().value(), c);
    }

    @Override
    public void run(CollectorRun run) {
        send(Topics.COLLECTOR_RUNS, run.account().value(), run);
    }

    @Override
    public void account(AccountRegistration r) {
        send(Topics.ACCOUNTS, r.account().value(), r);
    }

    @Override
    public void flush() {
        producer.flush();
        Exception e = firstFailure.getAndSet(null);
        if (e != null) {
            throw new IllegalStateException(failures.get() + " record(s) not written to Kafka; first: " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
