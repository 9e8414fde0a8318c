package dev.tenantscope.streams.internal;

import dev.tenantscope.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's poison-row policy: a derived record the sink cannot decode, or whose row ClickHouse refuses, goes to
 * {@code tenantscope.dlq} unchanged with the headers {@link DeadLetterHandler} writes (where it came from and why)
 * plus the table it was meant for, is counted, and the sink carries on. Sends are flushed before the sink commits
 * the offsets past them, so a crash re-reads (and may dead-letter again) but never loses a record.
 */
final class SinkDeadLetters {
    static final String HEADER_TABLE = "tenantscope.dlq.table";
    private static final Logger LOG = LoggerFactory.getLogger(SinkDeadLetters.class);

    private final Producer<String, byte[]> producer;
    private final java.util.List<Future<RecordMetadata>> unflushed = new java.util.ArrayList<>();
    private final AtomicLong refused = new AtomicLong();

    SinkDeadLetters(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /** Rows ClickHouse refused so far. */
    long refused() {
        return refused.get();
    }

    void refusedRow(SinkRow row, String table, String reason) {
        if (refused.getAndIncrement() == 0) {
            LOG.warn(
                    "ClickHouse refused a row of {} from {}; it goes to {} and the sink carries on"
                            + " (further ones are counted, logged at debug): {}",
                    table,
                    row.where(),
                    Topics.DLQ.name(),
                    reason);
        } else {
            LOG.debug("ClickHouse refused a row of {} from {}: {}", table, row.where(), reason);
        }
        send(row, table, reason);
    }

    void undecodable(SinkRow row, String table, String reason) {
        send(row, table, reason);
    }

    private void send(SinkRow row, String table, String reason) {
        Headers headers = new RecordHeaders();
        headers.add(DeadLetterHandler.HEADER_TOPIC, bytes(row.topic()));
        headers.add(DeadLetterHandler.HEADER_PARTITION, bytes(Integer.toString(row.partition())));
        headers.add(DeadLetterHandler.HEADER_OFFSET, bytes(Long.toString(row.offset())));
        headers.add(DeadLetterHandler.HEADER_ERROR, bytes(reason.length() > 1024 ? reason.substring(0, 1024) : reason));
        headers.add(HEADER_TABLE, bytes(table));
        unflushed.add(producer.send(new ProducerRecord<>(Topics.DLQ.name(), null, row.key(), row.value(), headers)));
    }

    /**
     * Waits for every send since the last flush; false (and the sink must not commit) if any failed.
     */
    boolean flush() {
        if (unflushed.isEmpty()) {
            return true;
        }
        try {
            producer.flush();
            for (Future<RecordMetadata> f : unflushed) {
                f.get();
            }
            unflushed.clear();
            return true;
        } catch (ExecutionException | KafkaException e) {
            LOG.warn("dead-lettering failed, the batch is retried: {}", e.getMessage());
            unflushed.clear();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unflushed.clear();
            return false;
        }
    }

    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
