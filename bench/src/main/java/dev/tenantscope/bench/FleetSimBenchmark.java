package dev.tenantscope.bench;

import dev.tenantscope.fleetsim.FleetSimServer;
import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.SimAccount;
import dev.tenantscope.fleetsim.SimCatalog;
import dev.tenantscope.fleetsim.SimClock;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.HdrHistogram.Recorder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * fleet-sim throughput: real SDK v2 clients (one shared Apache 5 pool, per-request credentials of assumed roles)
 * send CloudWatch GetMetricData (CBOR, 5 metrics × 1 h at 5 min) for accounts across the fleet. Baseline in the
 * same run: STS GetCallerIdentity (the cheapest call the simulator answers) with the same clients and
 * concurrency, so {@code vs_baseline} says how much of the budget the simulated data costs.
 */
public final class FleetSimBenchmark implements Benchmark {
    private static final Instant NOW = FleetSpec.DEFAULT_GENESIS.plusSeconds(10 * 86_400 + 13 * 3_600);

    @Override
    public String name() {
        return "fleet-sim";
    }

    @Override
    public String description() {
        return "AWS SDK requests/s against the fleet simulator [--accounts 10000] [--seconds 10] [--concurrency 32]";
    }

    @Override
    public Map<String, Number> run(Map<String, String> options, PrintStream out) throws Exception {
        int accounts = Integer.parseInt(options.getOrDefault("accounts", "10000"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "32"));
        Map<String, Number> figures = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        try (FleetSimServer server =
                        FleetSimServer.start(FleetSpec.defaults().withAccounts(accounts), 0, SimClock.fixed(NOW));
                SdkHttpClient http = Apache5HttpClient.builder()
                        .maxConnections(concurrency * 2)
                        .build()) {
            figures.put("fleet_start_ms", (System.nanoTime() - t0) / 1_000_000);
            out.printf(
                    "fleet-sim: %d accounts at %s, started in %d ms%n",
                    accounts, server.endpoint(), figures.get("fleet_start_ms").longValue());
            AwsCredentialsProvider management = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(SimCatalog.MANAGEMENT_ACCESS_KEY_ID, SimCatalog.ANY_SECRET));
            try (StsClient sts = StsClient.builder()
                            .endpointOverride(server.endpoint())
                            .region(Region.US_EAST_1)
                            .credentialsProvider(management)
                            .httpClient(http)
                            .build();
                    CloudWatchClient cw = CloudWatchClient.builder()
                            .endpointOverride(server.endpoint())
                            .region(Region.US_EAST_1)
                            .credentialsProvider(management)
                            .httpClient(http)
                            .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                            .build()) {
                List<AwsCredentialsProvider> creds = assumeSample(server, sts, 500, out);
                Duration phase = Duration.ofSeconds(Math.max(1, seconds));
                Instant end = NOW.minusSeconds(600);
                IntConsumer getMetricData = i -> cw.getMetricData(GetMetricDataRequest.builder()
                        .overrideConfiguration(o -> o.credentialsProvider(creds.get(i % creds.size())))
                        .startTime(end.minusSeconds(3600))
                        .endTime(end)
                        .metricDataQueries(
                                query("a", "AWS/Lambda", "Invocations", "Sum"),
                                query("b", "AWS/Lambda", "Errors", "Sum"),
                                query("c", "AWS/Lambda", "Duration", "Average"),
                                query("d", "AWS/DynamoDB", "ConsumedReadCapacityUnits", "Sum"),
                                query("e", "AWS/ApiGateway", "Count", "Sum"))
                        .build());
                IntConsumer callerIdentity = i -> sts.getCallerIdentity();
                IntConsumer raw = rawGetMetricData(server, sts, end);
                // JIT-warm every path first, so the baseline is not measured on colder code than the workload
                Duration warm = Duration.ofSeconds(3);
                drive("warm-up GetCallerIdentity", warm, concurrency, callerIdentity, out);
                drive("warm-up GetMetricData", warm, concurrency, getMetricData, out);
                drive("warm-up raw", warm, concurrency, raw, out);
                Result baseline = drive("baseline GetCallerIdentity", phase, concurrency, callerIdentity, out);
                Result work = drive("GetMetricData 5 metrics x 12 points", phase, concurrency, getMetricData, out);
                Result rawResult =
                        drive("raw HTTP GetMetricData (same CBOR body, no SDK)", phase, concurrency, raw, out);
                figures.put("requests_per_s", Math.round(work.perSecond));
                figures.put("p50_ms", work.p50Ms);
                figures.put("p99_ms", work.p99Ms);
                figures.put("errors", work.errors);
                figures.put("baseline_requests_per_s", Math.round(baseline.perSecond));
                figures.put("baseline_p50_ms", baseline.p50Ms);
                figures.put("raw_requests_per_s", Math.round(rawResult.perSecond));
                figures.put("raw_p50_ms", rawResult.p50Ms);
                figures.put("server_cpu_us_per_request", work.serverCpuUs);
                figures.put("raw_server_cpu_us_per_request", rawResult.serverCpuUs);
                figures.put("baseline_server_cpu_us_per_request", baseline.serverCpuUs);
                // what two dedicated cores could serve if the simulator had them alone
                figures.put("server_capacity_2_cores_per_s", Math.round(2e6 / Math.max(1, rawResult.serverCpuUs)));
                figures.put("cpu_ms_per_1k_requests", work.cpuMsPer1k);
                figures.put("raw_cpu_ms_per_1k_requests", rawResult.cpuMsPer1k);
                figures.put("baseline_cpu_ms_per_1k_requests", baseline.cpuMsPer1k);
                figures.put("vs_baseline", Math.round(work.perSecond / baseline.perSecond * 1000) / 1000.0);
                figures.put("metered_calls", server.meter().snapshot().totalCalls());
            }
            System.gc();
            var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            figures.put("heap_mb", heap.getUsed() / (1024 * 1024));
            figures.put("accounts", accounts);
            figures.put("concurrency", concurrency);
        }
        return figures;
    }

    private static MetricDataQuery query(String id, String namespace, String metric, String stat) {
        return MetricDataQuery.builder()
                .id(id)
                .metricStat(s -> s.period(300)
                        .stat(stat)
                        .metric(m -> m.namespace(namespace).metricName(metric)))
                .build();
    }

    /**
     * The same GetMetricData as the SDK phase, as pre-encoded CBOR sent by the JDK HTTP client: what the server
     * alone can answer, without SDK marshalling and signing on the same two cores.
     */
    private static IntConsumer rawGetMetricData(FleetSimServer server, StsClient sts, Instant end) throws Exception {
        SimAccount a = server.truth().accounts(NOW).stream()
                .filter(x -> x.statusAt(NOW) == dev.tenantscope.fleetsim.AccountStatus.ACTIVE)
                .findFirst()
                .orElseThrow();
        Credentials c = sts.assumeRole(r -> r.roleArn(server.spec().roleArn(a.id()))
                        .roleSessionName("bench-raw")
                        .externalId(server.spec().externalId()))
                .credentials();
        List<Map<String, Object>> queries = new ArrayList<>();
        for (String[] q : new String[][] {
            {"a", "AWS/Lambda", "Invocations", "Sum"}, {"b", "AWS/Lambda", "Errors", "Sum"},
            {"c", "AWS/Lambda", "Duration", "Average"}, {"d", "AWS/DynamoDB", "ConsumedReadCapacityUnits", "Sum"},
            {"e", "AWS/ApiGateway", "Count", "Sum"}
        }) {
            queries.add(Map.of(
                    "Id",
                    q[0],
                    "MetricStat",
                    Map.of("Metric", Map.of("Namespace", q[1], "MetricName", q[2]), "Period", 300, "Stat", q[3])));
        }
        byte[] body = new com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper()
                .writeValueAsBytes(Map.of(
                        "MetricDataQueries", queries,
                        "StartTime", end.minusSeconds(3600).getEpochSecond(),
                        "EndTime", end.getEpochSecond()));
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .build();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        server.endpoint().resolve("/service/GraniteServiceVersion20100801/operation/GetMetricData"))
                .header("Content-Type", "application/cbor")
                .header("smithy-protocol", "rpc-v2-cbor")
                .header("X-Amz-Security-Token", c.sessionToken())
                .header(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=" + c.accessKeyId()
                                + "/20261111/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=0")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return i -> {
            try {
                var r = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("raw GetMetricData answered " + r.statusCode());
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }

    /** Assumed-role credentials for up to {@code n} active accounts spread over the fleet. */
    private static List<AwsCredentialsProvider> assumeSample(
            FleetSimServer server, StsClient sts, int n, PrintStream out) {
        List<SimAccount> active = server.truth().accounts(NOW).stream()
                .filter(a -> a.statusAt(NOW) == dev.tenantscope.fleetsim.AccountStatus.ACTIVE)
                .toList();
        int step = Math.max(1, active.size() / n);
        List<AwsCredentialsProvider> out2 = new ArrayList<>();
        for (int i = 0; i < active.size() && out2.size() < n; i += step) {
            SimAccount a = active.get(i);
            Credentials c = sts.assumeRole(r -> r.roleArn(server.spec().roleArn(a.id()))
                            .roleSessionName("bench")
                            .externalId(server.spec().externalId()))
                    .credentials();
            out2.add(StaticCredentialsProvider.create(
                    AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken())));
        }
        out.printf("assumed roles in %d accounts%n", out2.size());
        return out2;
    }

    /** cpuMsPer1k: process CPU (server and client together) per 1,000 requests; robust on a shared machine. */
    private record Result(
            double perSecond, double p50Ms, double p99Ms, long errors, double cpuMsPer1k, double serverCpuUs) {}

    /**
     * CPU of the simulator's threads only: the virtual-thread carriers (only the server uses virtual threads
     * here; clients run on platform threads) and the JDK HTTP server's dispatcher.
     */
    private static long serverCpuNanos() {
        var threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String n = info.getThreadName();
            if ((n.startsWith("ForkJoinPool-") && n.contains("worker")) || n.startsWith("HTTP-Dispatcher")) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                sum += Math.max(0, t);
            }
        }
        return sum;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Result drive(String label, Duration duration, int concurrency, IntConsumer call, PrintStream out)
            throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicLong done = new AtomicLong(), errors = new AtomicLong(), seq = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        long cpu0 = processCpuNanos();
        long server0 = serverCpuNanos();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                while (!stop.get()) {
                    long t = System.nanoTime();
                    try {
                        call.accept((int) seq.getAndIncrement());
                        recorder.recordValue((System.nanoTime() - t) / 1_000);
                        done.incrementAndGet();
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        long deadline = start + duration.toNanos();
        long last = 0;
        while (System.nanoTime() < deadline) {
            Thread.sleep(Math.min(1000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            long d = done.get();
            out.printf("  %s: %d requests (+%d), %d errors%n", label, d, d - last, errors.get());
            last = d;
        }
        stop.set(true);
        for (Future<?> f : workers) {
            f.get();
        }
        pool.shutdown();
        double secs = (System.nanoTime() - start) / 1e9;
        double cpuMsPer1k = (processCpuNanos() - cpu0) / 1e6 / Math.max(1, done.get()) * 1000;
        double serverUs = (serverCpuNanos() - server0) / 1e3 / Math.max(1, done.get());
        var h = recorder.getIntervalHistogram();
        Result r = new Result(
                done.get() / secs,
                h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0,
                errors.get(),
                Math.round(cpuMsPer1k * 10) / 10.0,
                Math.round(serverUs * 10) / 10.0);
        out.printf(
                "%s: %.0f requests/s, p50 %.2f ms, p99 %.2f ms, %d errors, %.1f CPU-ms per 1k requests (server %.1f us/request)%n",
                label, r.perSecond, r.p50Ms, r.p99Ms, r.errors, r.cpuMsPer1k, r.serverCpuUs);
        return r;
    }
}
