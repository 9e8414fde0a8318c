package dev.tenantscope.streams.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.model.topic.JsonSerde;
import dev.tenantscope.streams.StreamsAppConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Derived topics → ClickHouse. Buffers JSONEachRow rows per table, inserts when a batch is full or has lingered,
 * and commits the consumed offsets only after every table's insert succeeded and the tenant-months the daily cost
 * rows touched were recomputed in {@code cost_monthly} ({@link MonthlyCostRefresh}). A failed insert pauses consumption
 * and is retried with exponential backoff until it succeeds; a re-insert after a partial failure is harmless
 * because every table replaces by version. An insert ClickHouse refuses because of the rows themselves
 * ({@link RowRefusal}) is split in halves until the refused rows stand alone: the rest goes in, the refused ones go
 * to the dead-letter topic ({@link SinkDeadLetters}), as do records the sink cannot decode, and the sink carries on
 * instead of retrying one bad row forever while every table waits behind it.
 */
public final class SinkLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkLoop.class);

    private final StreamsAppConfig.Sink config;
    private final KafkaConsumer<String, byte[]> consumer;
    private final ClickHouseSql sql;
    private final SinkDeadLetters deadLetters;
    private final Map<String, TableRows<?>> byTopic = new HashMap<>();
    private final ObjectMapper mapper = JsonSerde.mapper();
    private final Map<String, Batch> batches = new LinkedHashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
    private final MonthlyCostRefresh monthlyCost = new MonthlyCostRefresh();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong rowsInserted = new AtomicLong();
    private final AtomicLong insertFailures = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong lag = new AtomicLong();
    private int buffered;
    private int setAside;
    private long firstBufferedAt = -1;

    /** Rows of one table, in one encoded JSONEachRow buffer. */
    private static final class Batch {
        final TableRows<?> table;
        final ByteArrayOutputStream rows = new ByteArrayOutputStream(1 << 16);
        final List<SinkRow> sources = new ArrayList<>();
        /** Rows already set aside: a retried flush (after ClickHouse failed otherwise) does not send them twice. */
        final BitSet refused = new BitSet();

        Batch(TableRows<?> table) {
            this.table = table;
        }
    }

    public SinkLoop(
            StreamsAppConfig.Sink config,
            KafkaConsumer<String, byte[]> consumer,
            Producer<String, byte[]> deadLetterProducer,
            ClickHouseSql sql) {
        this.config = config;
        this.consumer = consumer;
        this.sql = sql;
        this.deadLetters = new SinkDeadLetters(deadLetterProducer);
        TableRows.all().forEach(t -> byTopic.put(t.topic().name(), t));
    }

    public long rowsInserted() {
        return rowsInserted.get();
    }

    public long insertFailures() {
        return insertFailures.get();
    }

    public long undecodable() {
        return undecodable.get();
    }

    /** Rows ClickHouse refused (sent to the dead-letter topic). */
    public long refusedRows() {
        return deadLetters.refused();
    }

    /**
     * Records on the derived topics not yet in ClickHouse: the consumer's lag behind the end of its partitions
     * (as of its last fetch) plus what it holds buffered. Updated after each poll, on the loop's thread.
     */
    public long lag() {
        return lag.get();
    }

    private void measureLag() {
        long behind = buffered;
        for (TopicPartition tp : consumer.assignment()) {
            behind += consumer.currentLag(tp).orElse(0);
        }
        lag.set(behind);
    }

    public void stop() {
        running.set(false);
        consumer.wakeup();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(byTopic.keySet(), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // Only flush what we hold; if ClickHouse is down the new owner re-reads from the commit.
                    if (buffered > 0 && !tryFlushOnce()) {
                        discardAndRewind();
                    }
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
            });
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, byte[]> r : records) {
                    add(r);
                }
                measureLag();
                boolean full = buffered >= config.batchRows();
                boolean lingered = buffered > 0
                        && System.currentTimeMillis() - firstBufferedAt
                                >= config.linger().toMillis();
                if (full || lingered) {
                    flushWithRetry();
                }
            }
            if (buffered > 0) {
                tryFlushOnce();
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
            deadLetters.close();
        }
    }

    private void add(ConsumerRecord<String, byte[]> r) {
        pending.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        if (r.value() == null) {
            return;
        }
        TableRows<?> table = byTopic.get(r.topic());
        Batch batch = batches.computeIfAbsent(table.topic().name(), k -> new Batch(table));
        byte[] line;
        try {
            line = encode(table, r);
        } catch (RuntimeException e) {
            if (undecodable.getAndIncrement() == 0) {
                LOG.warn(
                        "undecodable record {}-{}@{} sent to the dead-letter topic (further ones are counted): {}",
                        r.topic(),
                        r.partition(),
                        r.offset(),
                        e.getMessage());
            }
            deadLetters.undecodable(row(r, -1), table.table().name(), String.valueOf(e.getMessage()));
            setAside++;
            countBuffered();
            return;
        }
        batch.rows.writeBytes(line);
        batch.sources.add(row(r, batch.rows.size()));
        countBuffered();
    }

    private static SinkRow row(ConsumerRecord<String, byte[]> r, int end) {
        return new SinkRow(r.topic(), r.partition(), r.offset(), r.key(), r.value(), end);
    }

    private void countBuffered() {
        if (buffered++ == 0) {
            firstBufferedAt = System.currentTimeMillis();
        }
    }

    private <V> byte[] encode(TableRows<V> table, ConsumerRecord<String, byte[]> r) {
        V value = table.topic().valueSerde().deserializer().deserialize(r.topic(), r.value());
        byte[] line = table.encode(JsonSerde.mapper(), value);
        monthlyCost.note(table.topic(), value);
        return line;
    }

    /** Retries until the batch is in ClickHouse, polling (paused) meanwhile so the group keeps us. */
    private void flushWithRetry() {
        long backoff = config.retryBackoff().toMillis();
        while (running.get()) {
            if (tryFlushOnce()) {
                consumer.resume(consumer.paused());
                return;
            }
            consumer.pause(consumer.assignment());
            long until = System.currentTimeMillis() + backoff;
            while (running.get() && System.currentTimeMillis() < until) {
                consumer.poll(Duration.ofMillis(Math.min(100, Math.max(1, until - System.currentTimeMillis()))));
            }
            backoff = Math.min(backoff * 2, config.maxBackoff().toMillis());
        }
    }

    private boolean tryFlushOnce() {
        try {
            for (Batch b : batches.values()) {
                insertSettingAsideRefused(b);
            }
            monthlyCost.refresh(sql);
        } catch (RuntimeException e) {
            if (insertFailures.getAndIncrement() == 0) {
                LOG.warn("ClickHouse insert failed, retrying with backoff and keeping offsets: {}", e.getMessage());
            } else {
                LOG.debug("ClickHouse insert failed again: {}", e.getMessage());
            }
            return false;
        }
        if (!deadLetters.flush()) {
            return false;
        }
        consumer.commitSync(pending);
        rowsInserted.addAndGet(buffered - setAside);
        clear();
        return true;
    }

    private void insertSettingAsideRefused(Batch b) {
        if (b.sources.isEmpty()) {
            return;
        }
        byte[] rows = b.rows.toByteArray();
        try {
            insert(b, rows, 0, b.sources.size());
        } catch (RuntimeException e) {
            if (!RowRefusal.isRefusal(e)) {
                throw e;
            }
            setAsideRefused(b, rows, 0, b.sources.size(), e);
        }
    }

    /** Rows [from, to) were refused together: halves go in until each refused row stands alone and is set aside. */
    private void setAsideRefused(Batch b, byte[] rows, int from, int to, RuntimeException refusal) {
        if (to - from == 1) {
            if (!b.refused.get(from)) {
                b.refused.set(from);
                setAside++;
                deadLetters.refusedRow(
                        b.sources.get(from), b.table.table().name(), String.valueOf(refusal.getMessage()));
            }
            return;
        }
        int mid = (from + to) >>> 1;
        for (int[] half : new int[][] {{from, mid}, {mid, to}}) {
            try {
                insert(b, rows, half[0], half[1]);
            } catch (RuntimeException e) {
                if (!RowRefusal.isRefusal(e)) {
                    throw e;
                }
                setAsideRefused(b, rows, half[0], half[1], e);
            }
        }
    }

    /** Inserts rows [from, to) of the batch. */
    private void insert(Batch b, byte[] rows, int from, int to) {
        int start = from == 0 ? 0 : b.sources.get(from - 1).end();
        int end = b.sources.get(to - 1).end();
        sql.insert(
                b.table.table().name(),
                b.table.columns(),
                "JSONEachRow",
                new ByteArrayInputStream(rows, start, end - start));
    }

    private void discardAndRewind() {
        clear();
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata c = committed.get(tp);
            if (c != null) {
                consumer.seek(tp, c);
            } else {
                consumer.seekToBeginning(java.util.List.of(tp));
            }
        }
    }

    private void clear() {
        batches.values().forEach(b -> {
            b.rows.reset();
            b.sources.clear();
            b.refused.clear();
        });
        pending.clear();
        monthlyCost.clear();
        buffered = 0;
        setAside = 0;
        firstBufferedAt = -1;
    }
}
