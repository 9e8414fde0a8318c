package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.collector.internal.pull.Sink;
import java.time.Duration;

/**
 * Runs {@link Discovery} on the one instance that holds accounts partition 0 — Kafka picks it, we don't. The
 * first run seeds discovery with what the accounts topic already holds, so a restart publishes only changes.
 */
public final class DiscoveryJob {
    private static final Duration SEED_TIMEOUT = Duration.ofSeconds(30);
    private final CollectorConfig config;
    private final Discovery discovery;
    private final Ownership ownership;
    private final SweepReporter reporter;
    private final Sink sink;
    private boolean seeded; // guarded by this

    public DiscoveryJob(
            CollectorConfig config, Discovery discovery, Ownership ownership, SweepReporter reporter, Sink sink) {
        this.config = config;
        this.discovery = discovery;
        this.ownership = ownership;
        this.reporter = reporter;
        this.sink = sink;
    }

    public boolean leader() {
        return config.discovery().mode() != CollectorConfig.DiscoveryMode.OFF && ownership.ownsPartition(0);
    }

    /** Publishes registrations that changed; its calls are fleet calls of the next report. */
    public synchronized Discovery.Result run() {
        if (!seeded) {
            discovery.seed(AccountsSnapshot.read(config.kafka().bootstrapServers(), SEED_TIMEOUT));
            seeded = true;
        }
        Discovery.Result r = discovery.run(sink);
        reporter.fleetCalls(r.ledger());
        return r;
    }
}
