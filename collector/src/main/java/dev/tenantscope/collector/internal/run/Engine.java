package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.collector.SweepReport;
import dev.tenantscope.collector.internal.aws.Apis;
import dev.tenantscope.collector.internal.aws.AwsClients;
import dev.tenantscope.collector.internal.aws.CredentialCache;
import dev.tenantscope.collector.internal.aws.Pricer;
import dev.tenantscope.collector.internal.aws.RunLedger;
import dev.tenantscope.collector.internal.aws.Target;
import dev.tenantscope.collector.internal.config.StaticAccounts;
import dev.tenantscope.collector.internal.pull.CostPuller;
import dev.tenantscope.collector.internal.pull.LogsPuller;
import dev.tenantscope.collector.internal.pull.MetricsPuller;
import dev.tenantscope.collector.internal.pull.QuotasPuller;
import dev.tenantscope.collector.internal.pull.SeriesLedger;
import dev.tenantscope.collector.internal.pull.Sink;
import dev.tenantscope.collector.internal.run.BudgetPlanner.ActivityState;
import dev.tenantscope.collector.internal.run.BudgetPlanner.Plan;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.ApiUsage;
import dev.tenantscope.model.events.RunStatus;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the parts and runs sweeps: discovery (when this instance holds accounts partition 0), the payer cost
 * pull, then every owned account on its own virtual thread. Schedules (continuous mode) live in {@link Scheduler}.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private final CollectorConfig config;
    private final Clock clock;
    private final Clock wall;
    private final CollectorMetrics metrics;
    private final AwsClients clients;
    private final Apis apis;
    private final Pricer pricer;
    private final CredentialCache credentials;
    private final AccountCollector accountCollector;
    private final CostPuller costPuller;
    private final QuotasPuller quotasPuller;
    private final Discovery discovery;
    private final Ownership ownership;
    private final Sink sink;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight;
    private final Map<AccountId, Activity> activity = new ConcurrentHashMap<>();
    private final Map<AccountId, BigDecimal> costShare = new ConcurrentHashMap<>();
    private volatile Plan plan;
    private volatile BudgetPlanner.Costs costs;
    private volatile boolean discoverySeeded;

    /** Last seen activity of an account. */
    record Activity(Instant lastActive, boolean hot) {}

    public Engine(CollectorConfig config, Clock clock, CollectorMetrics metrics, Sink sink, boolean withOwnership) {
        this.config = config;
        this.clock = clock;
        this.wall = Clock.systemUTC();
        this.metrics = metrics;
        this.clients = new AwsClients(config.aws());
        this.apis = new Apis(clients, config.limits(), metrics, wall);
        this.pricer = new Pricer(config.prices());
        this.credentials = new CredentialCache(
                apis.assumeRole, clients.baseCredentials(), config.aws(), config.collectorId(), wall);
        Duration keep = config.metrics().overlap().plus(Duration.ofMinutes(10));
        SeriesLedger series = new SeriesLedger(keep);
        this.quotasPuller = new QuotasPuller(
                apis, config.quotas().services(), config.schedule().quotaListInterval());
        this.accountCollector = new AccountCollector(
                config,
                credentials,
                new MetricsPuller(apis, series),
                quotasPuller,
                new LogsPuller(apis, config.logs(), series, Duration.ofMillis(200)),
                pricer,
                clock,
                wall);
        this.costPuller = new CostPuller(apis, config.cost());
        this.discovery = new Discovery(
                config,
                apis,
                clients.baseCredentials(),
                wall,
                () -> StaticAccounts.load(
                        config.discovery().staticFile(), config.aws().regions()));
        this.sink = sink;
        this.inFlight = new Semaphore(config.limits().maxInFlight());
        this.ownership = withOwnership
                ? new Ownership(config.kafka().bootstrapServers(), config.groupId(), config.collectorId(), this::forget)
                        .start()
                : null;
        this.costs = initialCosts();
        this.plan = BudgetPlanner.plan(config.schedule(), costs, new BudgetPlanner.Mix(0, 1));
    }

    private void forget(AccountId account) {
        credentials.forget(account);
        quotasPuller.forget(account.value());
        activity.remove(account);
    }

    public Ownership ownership() {
        return ownership;
    }

    public Plan plan() {
        return plan;
    }

    public CollectorMetrics metrics() {
        return metrics;
    }

    /** Discovery runs on the instance that holds accounts partition 0 — Kafka picks it, we don't. */
    public boolean discoveryLeader() {
        return config.discovery().mode() != CollectorConfig.DiscoveryMode.OFF
                && ownership != null
                && ownership.ownsPartition(0);
    }

    public Discovery.Result discover() {
        if (!discoverySeeded) {
            discovery.seed(AccountsSnapshot.read(config.kafka().bootstrapServers(), Duration.ofSeconds(30)));
            discoverySeeded = true;
        }
        Discovery.Result r = discovery.run(sink);
        fleetLedger.get().addAll(r.ledger());
        return r;
    }

    public List<AccountRegistration> owned() {
        return ownership == null ? List.of() : ownership.owned();
    }

    /** Pulls payer cost for the owned accounts; its spend is shared among them in their next runs. */
    public int pullCost(List<AccountRegistration> owned) {
        if (config.cost().mode() != CollectorConfig.CostMode.PAYER || owned.isEmpty()) {
            return 0;
        }
        Set<AccountId> ids = ConcurrentHashMap.newKeySet();
        owned.forEach(r -> ids.add(r.account()));
        RunLedger ledger = new RunLedger();
        AccountId payer =
                config.managementAccount() != null ? config.managementAccount() : AccountId.of("000000000000");
        Target t = new Target(
                payer,
                "us-east-1",
                clients.baseCredentials(),
                ledger,
                wall.instant().plus(config.limits().accountTimeout()));
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        int lines = costPuller.pull(t, today, clock.instant(), ids::contains, sink);
        BigDecimal spend = RunLedger.total(ledger.usage(pricer)).amount();
        BigDecimal share = spend.divide(BigDecimal.valueOf(ids.size()), MathContext.DECIMAL64);
        ids.forEach(id -> costShare.merge(id, share, BigDecimal::add));
        long pages = ledger.calls(Apis.GET_COST_AND_USAGE);
        double perPage = pricer.perCall(Apis.GET_COST_AND_USAGE, 1).doubleValue();
        costs = new BudgetPlanner.Costs(costs.alertUsd(), costs.standardUsd(), pages * perPage / ids.size(), perPage);
        fleetLedger.get().addAll(ledger);
        return lines;
    }

    // calls made for the fleet rather than one account (discovery, payer cost) since the last report
    private final java.util.concurrent.atomic.AtomicReference<RunLedger> fleetLedger =
            new java.util.concurrent.atomic.AtomicReference<>(new RunLedger());

    public ActivityState state(AccountId account) {
        Activity a = activity.get(account);
        if (a == null) {
            return ActivityState.ACTIVE;
        }
        if (a.hot()) {
            return ActivityState.HOT;
        }
        return a.lastActive().plus(config.schedule().idleAfter()).isBefore(clock.instant())
                ? ActivityState.IDLE
                : ActivityState.ACTIVE;
    }

    /** Collects one account now; never throws for the account's own failures. */
    public AccountOutcome collect(AccountRegistration reg, Set<Signal> due, Duration lookback) {
        BigDecimal share = costShare.remove(reg.account());
        List<ApiUsage> shared = share == null
                ? List.of()
                : List.of(new ApiUsage(
                        Apis.GET_COST_AND_USAGE.service(),
                        Apis.GET_COST_AND_USAGE.operation(),
                        0,
                        0,
                        "pages (payer share)",
                        Money.usd(share)));
        AccountOutcome o = accountCollector.collect(reg, due, lookback, shared, sink);
        sink.run(o.run());
        metrics.run(o.run().status().name());
        Instant now = clock.instant();
        Activity prev = activity.get(reg.account());
        Instant lastActive = o.active() || prev == null ? now : prev.lastActive();
        activity.put(reg.account(), new Activity(lastActive, o.hot()));
        return o;
    }

    /** One full sweep of every owned, polled account: all signal classes, cost first. */
    public SweepReport sweep() {
        Instant t0 = wall.instant();
        awaitOwnership();
        if (discoveryLeader()) {
            discover();
            try {
                ownership.awaitCaughtUp(Duration.ofSeconds(30));
            } catch (Exception e) {
                LOG.warn("accounts topic not caught up after discovery: {}", e.toString());
            }
        }
        List<AccountRegistration> owned =
                owned().stream().filter(r -> r.status().polled()).toList();
        metrics.owned(owned.size());
        // the payer pull runs alongside the accounts: it is one paginated call chain, not per account
        Future<Integer> cost = threads.submit(() -> {
            try {
                return pullCost(owned);
            } catch (RuntimeException e) {
                LOG.warn("payer cost pull failed: {}", e.toString());
                return 0;
            }
        });
        List<Future<AccountOutcome>> futures = new ArrayList<>(owned.size());
        for (AccountRegistration reg : owned) {
            Duration lookback = state(reg.account()) == ActivityState.IDLE ? plan.heartbeat() : plan.standard();
            futures.add(threads.submit(() -> {
                inFlight.acquire();
                try {
                    return collect(reg, EnumSet.allOf(Signal.class), lookback);
                } finally {
                    inFlight.release();
                }
            }));
        }
        List<AccountOutcome> outcomes = new ArrayList<>(owned.size());
        for (Future<AccountOutcome> f : futures) {
            try {
                outcomes.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during a sweep", e);
            } catch (Exception e) {
                LOG.warn("account task failed unexpectedly: {}", e.toString(), e);
            }
        }
        long costLines = 0;
        try {
            costLines = cost.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a sweep", e);
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("payer cost pull failed: {}", e.getCause().toString());
        }
        sink.flush();
        Duration took = Duration.between(t0, wall.instant());
        metrics.sweep(took);
        replan(outcomes);
        return report(outcomes, costLines, took);
    }

    private void awaitOwnership() {
        try {
            ownership.awaitCaughtUp(Duration.ofSeconds(30));
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("sweeping without a caught-up accounts assignment: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the accounts assignment", e);
        }
    }

    /** Re-plans from measured per-pull costs and the fleet's activity mix. */
    void replan(List<AccountOutcome> outcomes) {
        long n = 0;
        double alertUsd = 0;
        double standardUsd = 0;
        double perMetric = pricer.perCall(Apis.GET_METRIC_DATA, 1).doubleValue();
        for (AccountOutcome o : outcomes) {
            if (o.run().status() != RunStatus.OK && o.run().status() != RunStatus.PARTIAL) {
                continue;
            }
            n++;
            double other = 0;
            for (ApiUsage u : o.run().usage()) {
                // shared payer spend is planned separately; GetMetricData is split by class below
                if (u.calls() > 0 && !u.operation().equals(Apis.GET_METRIC_DATA.operation())) {
                    other += u.cost().amount().doubleValue();
                }
            }
            standardUsd += o.standardMetrics() * perMetric;
            alertUsd += o.alertMetrics() * perMetric + other;
        }
        if (n > 0) {
            costs = new BudgetPlanner.Costs(
                    alertUsd / n, standardUsd / n, costs.costPullUsd(), costs.naiveCostPullUsd());
        }
        long hot = activity.values().stream().filter(Activity::hot).count();
        long idle = activity.keySet().stream()
                .filter(a -> state(a) == ActivityState.IDLE)
                .count();
        double total = Math.max(1, activity.size());
        BudgetPlanner.Mix mix = new BudgetPlanner.Mix(hot / total, Math.max(0, (total - hot - idle) / total));
        plan = BudgetPlanner.plan(config.schedule(), costs, mix);
    }

    private BudgetPlanner.Costs initialCosts() {
        double perMetric = pricer.perCall(Apis.GET_METRIC_DATA, 1).doubleValue();
        int regions = config.aws().regions().size();
        double alert = regions * config.metrics().alert().size() * perMetric;
        double standard = regions * config.metrics().standard().size() * perMetric;
        double perPage = pricer.perCall(Apis.GET_COST_AND_USAGE, 1).doubleValue();
        return new BudgetPlanner.Costs(alert, standard, perPage / 1000, perPage);
    }

    private SweepReport report(List<AccountOutcome> outcomes, long costLines, Duration took) {
        Map<String, String> status = new TreeMap<>();
        Map<String, String> reasons = new TreeMap<>();
        RunLedger all = new RunLedger();
        all.addAll(fleetLedger.getAndSet(new RunLedger()));
        long records = costLines;
        long throttles = all.throttles();
        BigDecimal spend = BigDecimal.ZERO;
        long maxMs = 0;
        Map<String, Long> calls = new TreeMap<>();
        Map<String, Long> units = new TreeMap<>();
        all.snapshot().forEach((api, c) -> {
            calls.merge(api.key(), c[0], Long::sum);
            units.merge(api.key(), c[1], Long::sum);
        });
        spend = spend.add(RunLedger.total(all.usage(pricer)).amount());
        for (AccountOutcome o : outcomes) {
            var run = o.run();
            status.put(run.account().value(), run.status().name());
            if (!run.reason().isEmpty()) {
                reasons.put(run.account().value(), run.reason());
            }
            records += o.records() + 1;
            throttles += run.throttles();
            maxMs = Math.max(maxMs, run.durationMs());
            for (ApiUsage u : run.usage()) {
                if (u.calls() > 0 || u.billableUnits() > 0) {
                    String key = u.service() + ":" + u.operation();
                    calls.merge(key, u.calls(), Long::sum);
                    units.merge(key, u.billableUnits(), Long::sum);
                    spend = spend.add(u.cost().amount());
                }
            }
        }
        Plan p = plan;
        return new SweepReport(
                outcomes.size(),
                status,
                reasons,
                records,
                costLines,
                calls,
                units,
                throttles,
                spend,
                took,
                Duration.ofMillis(maxMs),
                p.toString(),
                p.usdPerAccountMonth(),
                p.naiveUsdPerAccountMonth(),
                p.alert());
    }

    /** Used by the scheduler for the fan-out of due accounts. */
    ExecutorService threads() {
        return threads;
    }

    Semaphore inFlight() {
        return inFlight;
    }

    Sink sink() {
        return sink;
    }

    CollectorConfig config() {
        return config;
    }

    Clock clock() {
        return clock;
    }

    public int sdkClients() {
        return clients.clientCount();
    }

    @Override
    public void close() {
        if (ownership != null) {
            ownership.close();
        }
        threads.shutdownNow();
        sink.close();
        clients.close();
    }
}
