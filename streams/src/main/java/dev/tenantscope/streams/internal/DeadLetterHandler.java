package dev.tenantscope.streams.internal;

import dev.tenantscope.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Poison-pill policy: an undecodable record goes to {@code tenantscope.dlq} unchanged (original key, value and
 * headers) plus headers saying where it came from and why, is counted, and processing continues. The DLQ record
 * is produced in the task's transaction, so under exactly-once it is written once.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler {
    public static final String HEADER_TOPIC = "tenantscope.dlq.topic";
    public static final String HEADER_PARTITION = "tenantscope.dlq.partition";
    public static final String HEADER_OFFSET = "tenantscope.dlq.offset";
    public static final String HEADER_ERROR = "tenantscope.dlq.error";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private StreamsCounters counters = new StreamsCounters();

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(StreamsCounters.CONFIG_KEY) instanceof StreamsCounters c) {
            counters = c;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception e) {
        counters.deadLetter();
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn(
                    "undecodable record {} sent to {} (further ones are counted, logged at debug): {}",
                    where,
                    Topics.DLQ.name(),
                    e.getMessage());
        } else {
            LOG.debug("undecodable record {} sent to {}: {}", where, Topics.DLQ.name(), e.getMessage());
        }
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(HEADER_TOPIC, bytes(record.topic()));
        headers.add(HEADER_PARTITION, bytes(Integer.toString(record.partition())));
        headers.add(HEADER_OFFSET, bytes(Long.toString(record.offset())));
        headers.add(
                HEADER_ERROR,
                bytes(
                        String.valueOf(e.getMessage()).length() > 1024
                                ? e.getMessage().substring(0, 1024)
                                : String.valueOf(e.getMessage())));
        return Response.resume(
                List.of(new ProducerRecord<>(Topics.DLQ.name(), null, record.key(), record.value(), headers)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
