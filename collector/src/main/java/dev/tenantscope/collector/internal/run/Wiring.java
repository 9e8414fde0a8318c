package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.collector.internal.aws.Apis;
import dev.tenantscope.collector.internal.aws.AwsClients;
import dev.tenantscope.collector.internal.aws.CredentialCache;
import dev.tenantscope.collector.internal.aws.Pricer;
import dev.tenantscope.collector.internal.aws.RunLedger;
import dev.tenantscope.collector.internal.config.StaticAccounts;
import dev.tenantscope.collector.internal.pull.CostPuller;
import dev.tenantscope.collector.internal.pull.LogsPuller;
import dev.tenantscope.collector.internal.pull.MetricsPuller;
import dev.tenantscope.collector.internal.pull.QuotasPuller;
import dev.tenantscope.collector.internal.pull.SeriesLedger;
import dev.tenantscope.collector.internal.pull.Sink;
import dev.tenantscope.model.AccountId;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Builds the collector's parts from its config, in dependency order, and closes the ones it built, in reverse.
 * The sink and the metrics are the caller's: used here, never closed here.
 */
final class Wiring implements AutoCloseable {
    // pause between GetQueryResults polls of a running Logs Insights query
    private static final Duration LOGS_POLL = Duration.ofMillis(200);
    private final Deque<AutoCloseable> built = new ArrayDeque<>();
    final CollectorConfig config;
    final Clocks clocks;
    final CollectorMetrics metrics;
    final Sink sink;
    final AwsClients clients;
    final Pricer pricer;
    final CredentialCache credentials;
    final QuotasPuller quotas;
    final ActivityTracker activity;
    final Replanner replanner;
    final PayerCost payerCost;
    final SweepReporter reporter;
    final Dispatcher dispatcher;
    private AccountCollector accounts;
    final Ownership ownership;
    final DiscoveryJob discovery;

    Wiring(CollectorConfig config, Clocks clocks, CollectorMetrics metrics, Sink sink) {
        this.config = config;
        this.clocks = clocks;
        this.metrics = metrics;
        this.sink = sink;
        try {
            this.clients = own(new AwsClients(config.aws()));
            Apis apis = new Apis(clients, config.limits(), metrics, clocks.wall());
            this.pricer = new Pricer(config.prices());
            this.credentials = new CredentialCache(
                    apis.assumeRole,
                    clients.baseCredentials(),
                    config.aws(),
                    config.externalIds(),
                    config.collectorId(),
                    clocks.wall());
            this.quotas = new QuotasPuller(
                    apis, config.quotas().services(), config.schedule().quotaListInterval());
            this.activity = new ActivityTracker(config.schedule().idleAfter(), clocks.data());
            this.replanner = new Replanner(config, pricer);
            metrics.plan(replanner::plan);
            this.reporter = new SweepReporter(pricer);
            this.accounts = accountCollector(apis);
            RunLedger startChecks = new RunLedger(); // fleet calls: in the first report
            PayerAccess payer = config.cost().mode() == CollectorConfig.CostMode.OFF
                    ? null
                    : PayerAccess.resolve(config, apis, clients.baseCredentials(), clocks.wall(), startChecks);
            reporter.fleetCalls(startChecks);
            this.payerCost = new PayerCost(
                    config,
                    new CostPuller(apis, config.cost()),
                    payer,
                    this::registeredAccounts,
                    () -> CostPullHistory.any(config.kafka().bootstrapServers(), Duration.ofSeconds(30)),
                    () -> replanner.plan().usdPerAccountMonth(),
                    new CostBackfill(
                            config.cost().backfillMonths(),
                            () -> replanner.plan().budget(),
                            metrics.registry()),
                    pricer,
                    clocks);
            this.dispatcher = own(new Dispatcher(
                    accounts,
                    payerCost::takeShare,
                    activity,
                    metrics,
                    sink,
                    clocks.wall(),
                    new Dispatcher.Bounds(
                            config.limits().maxInFlight(), config.limits().accountTimeout())));
            this.ownership = own(new Ownership(
                            config.kafka().bootstrapServers(), config.groupId(), config.collectorId(), this::forget)
                    .start());
            this.discovery = new DiscoveryJob(config, discovery(apis), ownership, reporter, sink);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private AccountCollector accountCollector(Apis apis) {
        // remember emitted points as far back as windows overlap (plus a period), so re-reads emit nothing twice
        SeriesLedger series = new SeriesLedger(config.metrics().overlap().plus(Duration.ofMinutes(10)));
        return new AccountCollector(
                config,
                credentials,
                new MetricsPuller(apis, series),
                quotas,
                new LogsPuller(apis, config.logs(), series, LOGS_POLL),
                pricer,
                new RegionFinder(config, apis, clocks.data()),
                clocks.data(),
                clocks.wall());
    }

    private Discovery discovery(Apis apis) {
        return new Discovery(
                config,
                apis,
                clients.baseCredentials(),
                clocks.wall(),
                clocks.data(),
                () -> StaticAccounts.load(
                        config.discovery().staticFile(), config.aws().regions()));
    }

    /** Every registered account of the fleet, whoever collects it: the payer pull covers them all. */
    private java.util.Collection<AccountId> registeredAccounts() {
        return AccountsSnapshot.read(config.kafka().bootstrapServers(), Duration.ofSeconds(30)).stream()
                .map(dev.tenantscope.model.events.AccountRegistration::account)
                .toList();
    }

    /** Partitions moved to another instance: what was kept per account goes with them. */
    private void forget(AccountId account) {
        credentials.forget(account);
        quotas.forget(account.value());
        activity.forget(account);
        if (accounts != null) {
            accounts.forget(account);
        }
    }

    private <T extends AutoCloseable> T own(T part) {
        built.push(part);
        return part;
    }

    /** Ownership first (no more assignments), then running collections, then the SDK clients they use. */
    @Override
    public void close() {
        RuntimeException failure = null;
        while (!built.isEmpty()) {
            try {
                built.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing the collector's parts failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
