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
    private final AtomicLong rollupDatapointsTooOld = new AtomicLong();
    private final AtomicLong zeroedCostLines = new AtomicLong();

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

    /** Datapoints for a window no longer kept (older than {@code rollups.keep} behind its signal's coverage). */
    public long rollupDatapointsTooOld() {
        return rollupDatapointsTooOld.get();
    }

    /** Stored cost lines zeroed because a later pull of their account and day no longer had them. */
    public long zeroedCostLines() {
        return zeroedCostLines.get();
    }

    void zeroedCostLine() {
        zeroedCostLines.incrementAndGet();
    }

    void rollupTooOld() {
        rollupDatapointsTooOld.incrementAndGet();
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
