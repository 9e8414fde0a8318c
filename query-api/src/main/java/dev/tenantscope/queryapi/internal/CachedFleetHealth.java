package dev.tenantscope.queryapi.internal;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.tenantscope.queryapi.api.FleetHealth;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Fleet health is the same for every caller of a scope and changes once per collection sweep (minutes),
 * while every dashboard viewer polls it: one computation per scope and {@code limit} per {@code ttl} bounds
 * the database load. Concurrent callers share one computation (single flight), also when the entry they
 * find has just expired; a failure is handed to the callers waiting for it and never cached.
 */
final class CachedFleetHealth implements FleetHealthSource {
    /** Scopes × limits in use; a tenant token per tenant makes this the tenant count, at worst. */
    static final int MAX_ENTRIES = 1024;

    /** The cache key: the answer differs by what the caller may see and by the list length. */
    private record Key(String scope, int limit) {}

    private final FleetHealthSource source;
    private final AsyncCache<Key, FleetHealth> cache;

    /** @param ticker nanosecond time for expiry ({@link Ticker#systemTicker()} outside tests) */
    CachedFleetHealth(FleetHealthSource source, Duration ttl, Ticker ticker) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("fleetHealthCacheTtl: expected > 0 to cache, got " + ttl);
        }
        this.source = source;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(ttl) // counted from when the computation completes
                .maximumSize(MAX_ENTRIES)
                .ticker(ticker)
                .executor(Runnable::run) // only bookkeeping runs here; the computation runs on the caller
                .buildAsync();
    }

    @Override
    public FleetHealth report(Principal caller, int limit) {
        Key key = new Key(caller.scope(), limit);
        CompletableFuture<FleetHealth> mine = new CompletableFuture<>();
        CompletableFuture<FleetHealth> shared = cache.get(key, (k, executor) -> mine);
        if (shared == mine) {
            // this caller won the race: it computes on its own thread, the others wait for it
            try {
                mine.complete(source.report(caller, limit));
            } catch (RuntimeException | Error e) {
                cache.asMap().remove(key, mine); // before anyone is woken, so a retry computes afresh
                mine.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return shared.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }
}
