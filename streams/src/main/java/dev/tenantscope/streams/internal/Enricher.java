package dev.tenantscope.streams.internal;

import dev.tenantscope.model.events.AccountRegistration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Joins a raw record with its account's registration from the GlobalKTable's store. Registrations found are kept
 * for {@link #TTL_MS} (a store read plus a JSON decode per sample is most of the join's cost at 100k records/s),
 * so a tenant change shows within that time; unknown accounts are never cached and are counted each time.
 */
final class Enricher<V, R> implements Processor<String, V, String, R> {
    static final long TTL_MS = 5_000;
    /** Bounds the cache at ~ a few MB; cleared wholesale when full (a fleet is thousands of accounts). */
    private static final int MAX_ENTRIES = 100_000;

    private record Cached(AccountRegistration reg, long expiresAt) {}

    private final Function<V, String> account;
    private final BiFunction<V, AccountRegistration, R> join;
    private final StreamsCounters counters;
    private final Map<String, Cached> cache = new HashMap<>();
    private ProcessorContext<String, R> context;
    private AccountLookup accounts;

    Enricher(Function<V, String> account, BiFunction<V, AccountRegistration, R> join, StreamsCounters counters) {
        this.account = account;
        this.join = join;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, R> context) {
        this.context = context;
        this.accounts = new AccountLookup(context);
    }

    @Override
    public void process(Record<String, V> record) {
        if (record.value() == null) {
            return;
        }
        String id = account.apply(record.value());
        long now = context.currentSystemTimeMs();
        Cached c = cache.get(id);
        AccountRegistration reg;
        if (c != null && c.expiresAt > now) {
            reg = c.reg;
        } else {
            reg = accounts.get(id);
            if (reg != null) {
                if (cache.size() >= MAX_ENTRIES) {
                    cache.clear();
                }
                cache.put(id, new Cached(reg, now + TTL_MS));
            } else {
                cache.remove(id);
            }
        }
        if (reg == null) {
            counters.unassigned();
        }
        context.forward(record.withValue(join.apply(record.value(), reg)));
    }
}
