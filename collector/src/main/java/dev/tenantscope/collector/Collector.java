package dev.tenantscope.collector;

import dev.tenantscope.collector.internal.pull.Sink;
import dev.tenantscope.collector.internal.run.Clocks;
import dev.tenantscope.collector.internal.run.CollectorMetrics;
import dev.tenantscope.collector.internal.run.Engine;
import dev.tenantscope.collector.internal.run.KafkaSink;
import dev.tenantscope.collector.internal.run.MetricsServer;
import dev.tenantscope.collector.internal.run.Scheduler;
import dev.tenantscope.config.TopicsConfig;
import dev.tenantscope.kafkaadmin.TopicProvisioner;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.topic.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The collector role. {@link #start} runs it continuously (discovery, planned and jittered schedules, cost
 * pulls); {@link #open} only joins the accounts consumer group, for {@link #sweepOnce()} in tests and benchmarks.
 * Which accounts an instance collects is decided by Kafka's group assignment of the accounts topic.
 */
public final class Collector implements AutoCloseable {
    private final Engine engine;
    private final Sink sink;
    private final PrometheusMeterRegistry registry;
    private final MetricsServer metricsServer;
    private final Scheduler scheduler;
    private Scheduler stepper; // collectDue's schedule state, for an opened (not started) collector
    private boolean closed;

    private Collector(CollectorConfig config, Clocks clocks, boolean continuous) {
        dev.tenantscope.collector.internal.config.StartChecks.require(config);
        TopicsConfig topics = config.kafka().topics();
        if (topics.provision()) {
            try (Admin admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers()))) {
                new TopicProvisioner(admin, topics.partitions(), topics.replicationFactor(), topics.retention())
                        .ensure(Topics.collectorOutputs());
            }
        }
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CollectorMetrics metrics = new CollectorMetrics(registry);
        this.sink = new KafkaSink(config.kafka().bootstrapServers(), config.collectorId(), metrics);
        Engine built = null;
        MetricsServer server = null;
        try {
            built = new Engine(config, clocks, metrics, sink);
            server = config.prometheusPort() < 0 ? null : new MetricsServer(registry, config.prometheusPort());
        } catch (RuntimeException e) {
            // a half-built collector closes what it built before the caller sees the failure
            if (built != null) {
                built.close();
            }
            sink.close();
            registry.close();
            throw e;
        }
        this.engine = built;
        this.metricsServer = server;
        this.scheduler = continuous ? new Scheduler(engine).start() : null;
    }

    /** Runs continuously until closed. {@code clock} is the data clock (windows, cost days, schedules). */
    public static Collector start(CollectorConfig config, Clock clock) {
        return start(config, clock, Clock.systemUTC());
    }

    /**
     * Runs continuously until closed. {@code dataClock} dates the data (windows, cost days, schedules);
     * {@code wallClock} is real time (rate limits, credential expiry, account deadlines, durations).
     */
    public static Collector start(CollectorConfig config, Clock dataClock, Clock wallClock) {
        return new Collector(config, new Clocks(dataClock, wallClock), true);
    }

    /** Joins the group and waits for nothing; call {@link #sweepOnce()} to collect. */
    public static Collector open(CollectorConfig config, Clock clock) {
        return open(config, clock, Clock.systemUTC());
    }

    /** As {@link #open(CollectorConfig, Clock)}, with the wall clock given too (see {@link #start(CollectorConfig, Clock, Clock)}). */
    public static Collector open(CollectorConfig config, Clock dataClock, Clock wallClock) {
        return new Collector(config, new Clocks(dataClock, wallClock), false);
    }

    /**
     * Collects every owned, polled account once (discovery first when this instance is the discovery leader),
     * waits for Kafka to acknowledge every record, and reports.
     */
    public SweepReport sweepOnce() {
        return engine.sweep();
    }

    /**
     * Collects what the continuous schedule would start at the data clock's now — each account's due signal
     * classes, the payer cost pull once its planned interval has passed, discovery when due — and waits for it and
     * for Kafka's acknowledgements. For runs that step a simulated clock (benchmarks), so they see production's
     * cadence rather than a {@link #sweepOnce() sweep} of everything. Returns how many jobs it started.
     */
    public synchronized int collectDue() {
        if (scheduler != null) {
            throw new IllegalStateException(
                    "collectDue is for a collector made with open(); this one runs its own schedule (start())");
        }
        if (stepper == null) {
            stepper = new Scheduler(engine);
        }
        List<CompletableFuture<?>> started = stepper.tick(engine.clocks().data().instant());
        for (CompletableFuture<?> job : started) {
            try {
                job.join();
            } catch (CompletionException | CancellationException e) {
                // logged by the dispatcher where it failed, with the account
            }
        }
        sink.flush();
        return started.size();
    }

    /** Publishes discovered registrations that changed; returns how many. */
    public int discoverOnce() {
        return engine.discover().published();
    }

    /** Waits until this instance holds partitions and has read them to their current end. */
    public Collector awaitAccounts(Duration timeout) throws TimeoutException, InterruptedException {
        engine.ownership().awaitCaughtUp(timeout);
        return this;
    }

    public Set<String> ownedAccounts() {
        Set<String> ids = new TreeSet<>();
        for (AccountRegistration r : engine.owned()) {
            ids.add(r.account().value());
        }
        return ids;
    }

    public Set<Integer> ownedPartitions() {
        return engine.ownership().partitions();
    }

    /** The current plan, in words: intervals per signal class, projected and naive spend. */
    public String plan() {
        return engine.plan().toString();
    }

    /** The Prometheus endpoint, or null when disabled. */
    public URI metricsEndpoint() {
        return metricsServer == null ? null : metricsServer.endpoint();
    }

    public String scrape() {
        return registry.scrape();
    }

    /** SDK clients built so far: one per service and region, whatever the number of accounts. */
    public int sdkClients() {
        return engine.sdkClients();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (scheduler != null) {
            scheduler.close();
        }
        if (stepper != null) {
            stepper.close();
        }
        if (metricsServer != null) {
            metricsServer.close();
        }
        engine.close();
        sink.close(); // after the engine: its collections write to the sink until they stop
        registry.close();
    }
}
