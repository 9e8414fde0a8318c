package dev.tenantscope.streams.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the topology counts besides Kafka Streams' own metrics. One instance per application, shared by its
 * threads; handed to the deserialization handler through the streams config under {@link #CONFIG_KEY}.
 */
public final class StreamsCounters {
    public static final String CONFIG_KEY = "tenantscope.counters";

    private final AtomicLong unassignedRecords = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong reattributedCostLines = new AtomicLong();

    /** Raw records whose account was not (yet) in the registry: attributed to tenant "unassigned". */
    public long unassignedRecords() {
        return unassignedRecords.get();
    }

    /** Undecodable records sent to the dead-letter topic. */
    public long deadLetters() {
        return deadLetters.get();
    }

    /** Cost lines first attributed to "unassigned" and later moved to their tenant. */
    public long reattributedCostLines() {
        return reattributedCostLines.get();
    }

    void unassigned() {
        unassignedRecords.incrementAndGet();
    }

    void deadLetter() {
        deadLetters.incrementAndGet();
    }

    void reattributed() {
        reattributedCostLines.incrementAndGet();
    }
}
