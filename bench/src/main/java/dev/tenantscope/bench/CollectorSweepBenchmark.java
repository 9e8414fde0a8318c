package dev.tenantscope.bench;

import dev.tenantscope.collector.Collector;
import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.collector.SweepReport;
import dev.tenantscope.fleetsim.AccountStatus;
import dev.tenantscope.fleetsim.FaultConfig;
import dev.tenantscope.fleetsim.FleetSimServer;
import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.SimAccount;
import dev.tenantscope.fleetsim.SimCatalog;
import dev.tenantscope.fleetsim.SimClock;
import dev.tenantscope.kafka.EmbeddedKafkaBroker;
import dev.tenantscope.model.AccountId;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.servicequotas.ServiceQuotasClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code bench collector-sweep}: one full collector sweep of a simulated fleet (fleet-sim on loopback with
 * injected API latency, a real in-process broker, the real SDK clients), against a naive collector measured in
 * the same run on a subset and scaled: one SDK client (and connection pool) per account, one GetMetricData call
 * per metric, one Logs Insights query per log group, one Cost Explorer call per account, a fixed pool of 32
 * threads, no jitter.
 */
public final class CollectorSweepBenchmark implements Benchmark {
    private static final Instant NOW =
            FleetSpec.DEFAULT_GENESIS.plus(Duration.ofDays(2).plusHours(12));
    private static final int NAIVE_THREADS = 32;

    @Override
    public String name() {
        return "collector-sweep";
    }

    @Override
    public String description() {
        return "one collector sweep of N simulated accounts (20 ms API latency) vs a naive collector; "
                + "--accounts 10000 --latency-ms 20 --naive-sample 200";
    }

    @Override
    public Map<String, Number> run(Map<String, String> options, PrintStream out) throws Exception {
        int accounts = Integer.parseInt(options.getOrDefault("accounts", "10000"));
        int latency = Integer.parseInt(options.getOrDefault("latency-ms", "20"));
        int naiveSample = Integer.parseInt(options.getOrDefault("naive-sample", "200"));
        Path dir = Files.createTempDirectory("collector-sweep-bench");
        SimClock clock = SimClock.fixed(NOW);
        HeapPeak heap = new HeapPeak();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
                FleetSimServer sim = FleetSimServer.start(FleetSpec.defaults().withAccounts(accounts), 0, clock)) {
            sim.faults().set(FaultConfig.none().withLatency(latency, 0));
            List<SimAccount> active = sim.truth().accounts(NOW).stream()
                    .filter(a -> a.statusAt(NOW) == AccountStatus.ACTIVE)
                    .toList();
            Path accountsFile = writeAccounts(dir, active);
            out.printf(
                    "fleet-sim %s: %d accounts (%d active), %d ms per call; broker %s%n",
                    sim.endpoint(), accounts, active.size(), latency, broker.bootstrapServers());
            int connections = Integer.parseInt(options.getOrDefault("connections", "64"));
            CollectorConfig config = config(sim, broker, accountsFile, connections);
            double sweepS;
            SweepReport r;
            try (Collector c = Collector.open(config, clock)) {
                long d0 = System.nanoTime();
                int published = c.discoverOnce();
                c.awaitAccounts(Duration.ofSeconds(120));
                out.printf(
                        "discovery (static file) published %d registrations in %.1f s (not timed below, nor is the"
                                + " daily region finding: regions.discover is off here)%n",
                        published, (System.nanoTime() - d0) / 1e9);
                sim.meter().reset();
                heap.start();
                r = c.sweepOnce();
                heap.stop();
                sweepS = r.duration().toNanos() / 1e9;
                out.printf(
                        "sweep: %d accounts in %.1f s, %d records (%d cost lines), %d throttles, statuses %s%n",
                        r.accounts(), sweepS, r.records(), r.costLines(), r.throttles(), counts(r));
                out.printf("calls: %s%nunits: %s%n", r.callsByApi(), r.unitsByApi());
                out.printf(
                        "fleet-sim meter: %d calls, %d metrics requested, %d bytes scanned%n",
                        sim.meter().snapshot().totalCalls(),
                        sim.meter().snapshot().metricsRequested(),
                        sim.meter().snapshot().bytesScanned());
                out.printf("SDK clients built: %d (shared across all accounts)%n", c.sdkClients());
                c.scrape()
                        .lines()
                        .filter(l -> l.startsWith("tenantscope_collector_aws_errors_total"))
                        .forEach(l -> out.println("  " + l));
                out.printf(
                        "API spend of this sweep: $%s%nplan: %s%n",
                        r.apiSpendUsd().toPlainString(), r.plan());
            }
            int sample = Math.min(naiveSample, active.size());
            double naiveSampleS = naive(sim, active.subList(0, sample), config);
            double naiveS = naiveSampleS * active.size() / sample;
            out.printf(
                    "naive collector: %d accounts in %.1f s with %d threads → %.0f s scaled to %d accounts%n",
                    sample, naiveSampleS, NAIVE_THREADS, naiveS, active.size());
            out.printf(
                    "heap: peak %.0f MB used during the sweep (whole JVM: collector + fleet-sim + broker)%n",
                    heap.peakMb());
            Map<String, Number> figures = new LinkedHashMap<>();
            figures.put("sweep_s", round(sweepS));
            figures.put("heap_mb", Math.round(heap.peakMb()));
            figures.put("usd_per_account_month", Math.round(r.projectedUsdPerAccountMonth() * 10_000) / 10_000.0);
            figures.put("alert_freshness_s", r.alertFreshness().toSeconds());
            figures.put("naive_ratio", round(naiveS / sweepS));
            figures.put("naive_usd_per_account_month", Math.round(r.naiveUsdPerAccountMonth() * 10_000) / 10_000.0);
            return figures;
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static String counts(SweepReport r) {
        Map<String, Long> m = new java.util.TreeMap<>();
        r.statusByAccount().values().forEach(s -> m.merge(s, 1L, Long::sum));
        return m.toString();
    }

    private static CollectorConfig config(
            FleetSimServer sim, EmbeddedKafkaBroker broker, Path accountsFile, int connections) {
        CollectorConfig c = CollectorConfig.defaults()
                .withCollectorId("bench")
                .withEndpointOverride(sim.endpoint())
                .withBootstrapServers(broker.bootstrapServers())
                .withPrometheusPort(-1);
        c = c.withIdentity(
                SimCatalog.MANAGEMENT_ACCESS_KEY_ID,
                SimCatalog.ANY_SECRET,
                AccountId.of(sim.spec().managementAccount()),
                sim.spec().roleName(),
                sim.spec().externalId());
        c = c.withAws(c.aws().withMaxConnections(connections));
        // the sweep timed is a regular one: an account's regions are found once a day (regions.refresh), about
        // 13 ListMetrics each in fleet-sim, like discovery, which is not timed either (RegionsIT covers them)
        c = c.withRegions(
                new CollectorConfig.Regions(false, List.of(), c.regions().refresh()));
        var l = c.limits();
        c = c.withLimits(new CollectorConfig.Limits(
                l.globalTps(),
                l.apiTps(),
                l.defaultApiTps(),
                l.maxAttempts(),
                l.baseBackoff(),
                l.maxBackoff(),
                l.accountTimeout(),
                connections));
        if (System.getProperty("bench.nocost") != null) {
            c = c.withCost(c.cost().withMode(CollectorConfig.CostMode.OFF));
        }
        var d = c.discovery();
        return c.withDiscovery(new CollectorConfig.Discovery(
                CollectorConfig.DiscoveryMode.STATIC,
                accountsFile,
                d.tenantTag(),
                d.tierTag(),
                d.environmentTag(),
                d.interval()));
    }

    private static Path writeAccounts(Path dir, List<SimAccount> accounts) throws java.io.IOException {
        StringBuilder y = new StringBuilder("accounts:\n");
        for (SimAccount a : accounts) {
            y.append("  - {id: \"")
                    .append(a.id().value())
                    .append("\", tenant: \"")
                    .append(a.tenant().value())
                    .append("\", environment: \"")
                    .append(a.environment())
                    .append("\"}\n");
        }
        return Files.writeString(dir.resolve("accounts.yaml"), y);
    }

    /** The naive collector: per-account clients, one call per metric and per log group, per-account cost. */
    private static double naive(FleetSimServer sim, List<SimAccount> accounts, CollectorConfig config)
            throws Exception {
        URI endpoint = sim.endpoint();
        var base = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(SimCatalog.MANAGEMENT_ACCESS_KEY_ID, SimCatalog.ANY_SECRET));
        List<software.amazon.awssdk.services.cloudwatch.model.MetricStat> stats = new ArrayList<>();
        for (var spec : concat(config.metrics().alert(), config.metrics().standard())) {
            stats.add(software.amazon.awssdk.services.cloudwatch.model.MetricStat.builder()
                    .metric(m -> m.namespace(spec.namespace()).metricName(spec.metric()))
                    .period(spec.periodSeconds())
                    .stat(spec.statistic())
                    .build());
        }
        LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
        AtomicLong failures = new AtomicLong();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(NAIVE_THREADS);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (SimAccount a : accounts) {
                fs.add(pool.submit(() -> {
                    try {
                        naiveAccount(endpoint, base, a, stats, today, config);
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        if (failures.get() > 0) {
            System.err.println("naive collector: " + failures.get() + " account(s) failed");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static void naiveAccount(
            URI endpoint,
            StaticCredentialsProvider base,
            SimAccount a,
            List<software.amazon.awssdk.services.cloudwatch.model.MetricStat> stats,
            LocalDate today,
            CollectorConfig config) {
        Region region = Region.US_EAST_1;
        try (SdkHttpClient http = Apache5HttpClient.builder().build();
                StsClient sts = StsClient.builder()
                        .httpClient(http)
                        .endpointOverride(endpoint)
                        .region(region)
                        .credentialsProvider(base)
                        .build()) {
            var c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + a.id().value() + ":role/"
                                    + config.aws().roleName())
                            .roleSessionName("naive")
                            .externalId(config.aws().externalId()))
                    .credentials();
            var creds = StaticCredentialsProvider.create(
                    AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
            Instant end = NOW.minusSeconds(NOW.getEpochSecond() % 300);
            Instant start = end.minus(Duration.ofMinutes(70));
            try (CloudWatchClient cw = CloudWatchClient.builder()
                            .httpClient(http)
                            .endpointOverride(endpoint)
                            .region(region)
                            .credentialsProvider(creds)
                            .build();
                    ServiceQuotasClient sq = ServiceQuotasClient.builder()
                            .httpClient(http)
                            .endpointOverride(endpoint)
                            .region(region)
                            .credentialsProvider(creds)
                            .build();
                    CloudWatchLogsClient logs = CloudWatchLogsClient.builder()
                            .httpClient(http)
                            .endpointOverride(endpoint)
                            .region(region)
                            .credentialsProvider(creds)
                            .build();
                    CostExplorerClient ce = CostExplorerClient.builder()
                            .httpClient(http)
                            .endpointOverride(endpoint)
                            .region(region)
                            .credentialsProvider(creds)
                            .build()) {
                for (var stat : stats) {
                    cw.getMetricData(r -> r.startTime(start)
                            .endTime(end)
                            .metricDataQueries(MetricDataQuery.builder()
                                    .id("m0")
                                    .metricStat(stat)
                                    .build()));
                }
                for (String service : config.quotas().services()) {
                    sq.listServiceQuotas(r -> r.serviceCode(service));
                }
                for (String group : SimCatalog.LOG_GROUPS) {
                    String id = logs.startQuery(r -> r.logGroupNames(group)
                                    .startTime(start.getEpochSecond())
                                    .endTime(end.getEpochSecond() - 1)
                                    .queryString("filter @message like /ERROR/ | stats count(*) as errors by bin(5m)"))
                            .queryId();
                    logs.getQueryResults(r -> r.queryId(id));
                }
                ce.getCostAndUsage(r -> r.timePeriod(
                                p -> p.start(today.minusDays(5).toString())
                                        .end(today.plusDays(1).toString()))
                        .granularity(Granularity.DAILY)
                        .metrics("UnblendedCost")
                        .groupBy(g -> g.type("DIMENSION").key("SERVICE")));
            }
        }
    }

    /** Samples used heap every 50 ms between start and stop. */
    private static final class HeapPeak {
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running;
        private Thread thread;

        void start() {
            System.gc();
            running = true;
            var mem = ManagementFactory.getMemoryMXBean();
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (running) {
                    peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        double peakMb() {
            return peak.get() / (1024.0 * 1024.0);
        }
    }
}
