package dev.tenantscope.streams.internal;

import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.events.CostPullCompleted;
import dev.tenantscope.model.events.LogSignal;
import dev.tenantscope.model.events.MetricSample;
import dev.tenantscope.model.events.QuotaSample;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time from the record itself: windows are about when a datapoint was measured, month close about when a
 * cost was retrieved — not about when the collector produced them. A pull's completion is a millisecond after its
 * lines' {@code retrievedAt}: raw cost and cost pulls are co-partitioned, and Kafka Streams takes the older head
 * first, so a pull's lines are remembered before its completion zeroes what it did not resend (in the other order
 * the result is the same, but a re-pulled month's cost dips to zero until its lines catch up).
 */
public final class EventTimeExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        return switch (record.value()) {
            case MetricSample m -> m.timestamp().toEpochMilli();
            case LogSignal l -> l.binStart().toEpochMilli();
            case QuotaSample q -> q.timestamp().toEpochMilli();
            case CostLine c -> c.retrievedAt().toEpochMilli();
            case CostPullCompleted p -> p.retrievedAt().toEpochMilli() + 1;
            case CollectorRun r -> r.startedAt().toEpochMilli();
            case null, default -> record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
        };
    }
}
