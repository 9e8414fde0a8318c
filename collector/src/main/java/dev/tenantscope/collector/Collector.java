package dev.tenantscope.collector;

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
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
    private final PrometheusMeterRegistry registry;
    private final MetricsServer metricsServer;
    private final Scheduler scheduler;
    private boolean closed;

    private Collector(CollectorConfig config, Clock clock, boolean continuous) {
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
        this.engine = new Engine(
                config,
                clock,
                metrics,
                new KafkaSink(config.kafka().bootstrapServers(), config.collectorId(), metrics),
                true);
        this.metricsServer = config.prometheusPort() < 0 ? null : new MetricsServer(registry, config.prometheusPort());
        this.scheduler = continuous ? new Scheduler(engine).start() : null;
    }

    /** Runs continuously until closed. {@code clock} is the data clock (windows, cost days, schedules). */
    public static Collector start(CollectorConfig config, Clock clock) {
        return new Collector(config, clock, true);
    }

    /** Joins the group and waits for nothing; call {@link #sweepOnce()} to collect. */
    public static Collector open(CollectorConfig config, Clock clock) {
        return new Collector(config, clock, false);
    }

    /**
     * Collects every owned, polled account once (discovery first when this instance is the discovery leader),
     * waits for Kafka to acknowledge every record, and reports.
     */
    public SweepReport sweepOnce() {
        return engine.sweep();
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
        if (metricsServer != null) {
            metricsServer.close();
        }
        engine.close();
        registry.close();
    }
}
