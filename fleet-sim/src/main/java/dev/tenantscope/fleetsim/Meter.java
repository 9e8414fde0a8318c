package dev.tenantscope.fleetsim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts every AWS call the simulator answers. Lock-free on the request path. */
public final class Meter {
    private record Key(String account, String service, String operation) {}

    private static final class Counts {
        final LongAdder calls = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder throttled = new LongAdder();
        final LongAdder metrics = new LongAdder();
        final LongAdder bytes = new LongAdder();
    }

    private final ConcurrentHashMap<Key, Counts> counts = new ConcurrentHashMap<>();

    /** Records one call; returns a handle for its outcome and units. */
    public Call call(String account, String service, String operation) {
        Counts c = counts.computeIfAbsent(new Key(account, service, operation), k -> new Counts());
        c.calls.increment();
        return new Call(c);
    }

    /** The outcome and units of one call. */
    public static final class Call {
        private final Counts counts;

        private Call(Counts counts) {
            this.counts = counts;
        }

        public void error(boolean throttle) {
            counts.errors.increment();
            if (throttle) {
                counts.throttled.increment();
            }
        }

        public void metricsRequested(long n) {
            counts.metrics.add(n);
        }

        public void bytesScanned(long n) {
            counts.bytes.add(n);
        }
    }

    public MeterSnapshot snapshot() {
        List<MeterSnapshot.Entry> entries = new ArrayList<>();
        counts.forEach((k, c) -> entries.add(new MeterSnapshot.Entry(
                k.account,
                k.service,
                k.operation,
                c.calls.sum(),
                c.errors.sum(),
                c.throttled.sum(),
                c.metrics.sum(),
                c.bytes.sum())));
        entries.sort(java.util.Comparator.comparing(MeterSnapshot.Entry::account)
                .thenComparing(MeterSnapshot.Entry::service)
                .thenComparing(MeterSnapshot.Entry::operation));
        return new MeterSnapshot(entries);
    }

    /** Snapshot, then start from zero. Calls in flight may land on either side. */
    public MeterSnapshot snapshotAndReset() {
        MeterSnapshot s = snapshot();
        reset();
        return s;
    }

    public void reset() {
        counts.clear();
    }
}
