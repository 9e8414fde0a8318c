package dev.tenantscope.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenantscope.clickhouse.ChdbClickHouse;
import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.Migrations;
import dev.tenantscope.clickhouse.schema.CostMonthly;
import dev.tenantscope.queryapi.ApiToken;
import dev.tenantscope.queryapi.QueryApiConfig;
import dev.tenantscope.queryapi.QueryApiServer;
import dev.tenantscope.queryapi.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * {@code bench query}: fills chDB with tenants × days × services of cost rows (INSERT … SELECT FROM
 * numbers(), one statement per month partition), starts the query API on it, and under a concurrent load
 * generator (N clients over loopback HTTP) measures one tenant's 13-month cost by service, fleet health and
 * a month's finance export of all tenants — against a same-run baseline: {@code SELECT 1} through the
 * engine and {@code GET /healthz} through the HTTP stack.
 */
public final class QueryBenchmark implements Benchmark {
    private static final String TOKEN = "bench-admin-token";
    private static final int BASELINE_SERVICES = 2; // the last services are baseline components

    @Override
    public String name() {
        return "query";
    }

    @Override
    public String description() {
        return "query-api latency and export throughput over tenants × 400 days × 30 services of cost in chDB"
                + " (--tenants 10000 --days 400 --services 30 --clients 4 --requests 400 --dir <tmp>)";
    }

    @Override
    public Map<String, Number> run(Map<String, String> options, PrintStream out) throws Exception {
        int tenants = intOption(options, "tenants", 10_000);
        int days = intOption(options, "days", 400);
        int services = intOption(options, "services", 30);
        int clients = intOption(options, "clients", 4);
        int requests = intOption(options, "requests", 400);
        boolean keep = options.containsKey("dir");
        Path dir = keep ? Path.of(options.get("dir")) : Files.createTempDirectory("tenantscope-bench-query-");
        Map<String, Number> figures = new LinkedHashMap<>();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (ClickHouseSql sql = ChdbClickHouse.open(dir)) {
            out.println("engine " + sql.engine() + " at " + dir);
            Migrations.tenantscope().apply(sql);
            long rows = (long) tenants * days * services;
            long start = System.nanoTime();
            fill(sql, tenants, days, services, today, out);
            double fillS = (System.nanoTime() - start) / 1e9;
            figures.put("rows", rows);
            figures.put("fill_s", round(fillS));
            figures.put("fill_rows_per_s", Math.round(rows / fillS));
            out.printf("filled %,d cost rows in %.1f s%n", rows, fillS);
            long monthlyStart = System.nanoTime();
            CostMonthly.rebuildAll(sql); // what the sink keeps up to date, one batch at a time
            // the table 10 minutes later in production: its parts merged (V005's min_age_to_force_merge_seconds)
            sql.execute("OPTIMIZE TABLE cost_monthly FINAL");
            double monthlyS = (System.nanoTime() - monthlyStart) / 1e9;
            figures.put("cost_monthly_rebuild_s", round(monthlyS));
            out.printf("cost_monthly computed from cost_daily in %.1f s%n", monthlyS);
            settleMerges(sql, out);

            QueryApiConfig config =
                    QueryApiConfig.defaults().withTokens(List.of(ApiToken.ofPlain("bench", TOKEN, Role.ADMIN, null)));
            try (QueryApiServer server = QueryApiServer.start(config, sql, 0);
                    // the same API computing fleet health on every request: the cost of the queries themselves
                    QueryApiServer uncached =
                            QueryApiServer.start(config.withFleetHealthCacheTtl(Duration.ZERO), sql, 0);
                    HttpClient http = HttpClient.newBuilder()
                            .executor(Executors.newVirtualThreadPerTaskExecutor())
                            .build()) {
                URI base = server.uri();
                Histogram select1 = measure(clients, requests, () -> {
                    sql.rows("SELECT 1 AS one", Map.of());
                    return null;
                });
                put(figures, "select1", select1);
                Histogram healthz = measure(clients, requests, () -> get(http, base.resolve("/healthz")));
                put(figures, "http_healthz", healthz);

                LocalDate from = today.withDayOfMonth(1).minusMonths(12);
                String costPath =
                        "/api/v1/tenants/%s/cost?from=" + from + "&to=" + today + "&granularity=month&by=service";
                get(http, base.resolve(costPath.formatted(tenant(0)))); // warm-up
                Histogram cost = measure(
                        clients,
                        requests,
                        () -> get(
                                http,
                                base.resolve(costPath.formatted(
                                        tenant(ThreadLocalRandom.current().nextInt(tenants))))));
                put(figures, "tenant_cost", cost);
                figures.put("tenant_cost_exact_tenants", exactness(sql, http, base, costPath, tenants, today, out));

                get(http, base.resolve("/api/v1/fleet/health"));
                Histogram fleet = measure(clients, requests, () -> get(http, base.resolve("/api/v1/fleet/health")));
                put(figures, "fleet_health", fleet);
                URI raw = uncached.uri();
                Histogram fleetRaw =
                        measure(clients, requests / 4, () -> get(http, raw.resolve("/api/v1/fleet/health")));
                put(figures, "fleet_health_uncached", fleetRaw);

                LocalDate month = today.withDayOfMonth(1).minusMonths(1);
                String exportPath =
                        "/api/v1/exports/cost?month=" + month.toString().substring(0, 7) + "&format=csv";
                long t0 = System.nanoTime();
                long[] counted = export(http, base.resolve(exportPath));
                double exportS = (System.nanoTime() - t0) / 1e9;
                long exportRows = counted[0] - 1; // header line
                figures.put("export_rows", exportRows);
                figures.put("export_s", round(exportS));
                figures.put("export_rows_per_s", Math.round(exportRows / exportS));
                figures.put("export_mb_per_s", round(counted[1] / 1e6 / exportS));
                figures.put("tenant_cost_p99_over_select1_p99", round(ms(cost, 99) / ms(select1, 99)));
                figures.put("fleet_health_p99_over_healthz_p99", round(ms(fleet, 99) / ms(healthz, 99)));
                figures.put("fleet_health_uncached_p99_over_select1_p99", round(ms(fleetRaw, 99) / ms(select1, 99)));
                out.printf(
                        "tenant cost p50 %.1f / p99 %.1f ms; fleet health p50 %.1f / p99 %.1f ms (uncached p50 %.1f / p99"
                                + " %.1f ms); export %,d rows in %.1f s%n",
                        ms(cost, 50),
                        ms(cost, 99),
                        ms(fleet, 50),
                        ms(fleet, 99),
                        ms(fleetRaw, 50),
                        ms(fleetRaw, 99),
                        exportRows,
                        exportS);
            }
        } finally {
            if (!keep) {
                deleteTree(dir);
            }
        }
        return figures;
    }

    /**
     * The API's answer (months whole from cost_monthly) equals a sum over cost_daily for a sample of tenants, before
     * and after restating some of their days: a new version of a day's rows in the current and in an old month, and
     * the tenant-months recomputed as the sink does after inserting them. Fails the benchmark on any difference.
     *
     * @return how many tenants were compared
     */
    private static int exactness(
            ClickHouseSql sql,
            HttpClient http,
            URI base,
            String costPath,
            int tenants,
            LocalDate today,
            PrintStream out)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        LocalDate from = today.withDayOfMonth(1).minusMonths(12);
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < Math.min(10, tenants); i++) {
            sample.add(tenant((int) ((long) i * tenants / Math.min(10, tenants))));
        }
        compare(sql, http, base, costPath, sample, from, today, json);
        for (LocalDate day : List.of(today, from.plusDays(9))) {
            sql.execute("""
                    INSERT INTO cost_daily
                    SELECT tenant_id, account_id, day, service, record_type, category, baseline_component,
                           amount + 1.25, net_unblended_amount + 1.25, amortized_amount + 1.25,
                           net_amortized_amount + 1.25, blended_amount + 1.25, currency, estimated, version + 1
                    FROM cost_daily FINAL WHERE day = {day:Date} AND tenant_id IN {tenants:Array(String)}""", Map.of("day", day.toString(), "tenants", ClickHouseSql.stringArray(sample)));
            CostMonthly.refresh(sql, java.time.YearMonth.from(day), sample);
        }
        compare(sql, http, base, costPath, sample, from, today, json);
        out.printf(
                "tenant cost equals cost_daily for %d tenants, before and after restating two of their days%n",
                sample.size());
        return sample.size();
    }

    private static void compare(
            ClickHouseSql sql,
            HttpClient http,
            URI base,
            String costPath,
            List<String> sample,
            LocalDate from,
            LocalDate to,
            ObjectMapper json)
            throws IOException {
        for (String t : sample) {
            Map<String, String> want = new java.util.TreeMap<>();
            for (Map<String, Object> r : sql.rows("""
                    SELECT toString(toStartOfMonth(day)) AS m, service, toString(sum(net_amortized_amount)) AS total
                    FROM cost_daily FINAL WHERE tenant_id = {t:String} AND day >= {from:Date} AND day <= {to:Date}
                    GROUP BY m, service""", Map.of("t", t, "from", from.toString(), "to", to.toString()))) {
                want.put(
                        r.get("m") + "|" + r.get("service"),
                        new java.math.BigDecimal((String) r.get("total"))
                                .stripTrailingZeros()
                                .toPlainString());
            }
            Map<String, String> got = new java.util.TreeMap<>();
            HttpResponse<byte[]> answer;
            try {
                answer = http.send(
                        HttpRequest.newBuilder(base.resolve(costPath.formatted(t)))
                                .header("Authorization", "Bearer " + TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            for (JsonNode r : json.readTree(answer.body()).get("rows")) {
                got.put(
                        r.get("period").asText() + "|" + r.get("service").asText(),
                        r.get("total").decimalValue().stripTrailingZeros().toPlainString());
            }
            if (!got.equals(want)) {
                throw new IllegalStateException(
                        "tenant " + t + ": the API's monthly cost " + got + " differs from cost_daily's " + want);
            }
        }
    }

    static String tenant(int i) {
        return "t" + String.format("%05d", i);
    }

    /** One INSERT … SELECT per month partition; accounts, runs, quotas and alerts sized to the fleet. */
    private static void fill(ClickHouseSql sql, int tenants, int days, int services, LocalDate today, PrintStream out) {
        LocalDate first = today.minusDays(days - 1L);
        int workload = Math.max(1, services - BASELINE_SERVICES);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("tenants", Integer.toString(tenants));
        p.put("services", Integer.toString(services));
        p.put("workload", Integer.toString(workload));
        for (LocalDate m = first.withDayOfMonth(1); !m.isAfter(today); m = m.plusMonths(1)) {
            LocalDate from = m.isBefore(first) ? first : m;
            LocalDate to = m.plusMonths(1).minusDays(1).isAfter(today)
                    ? today
                    : m.plusMonths(1).minusDays(1);
            int n = (int) (to.toEpochDay() - from.toEpochDay() + 1);
            p.put("from", from.toString());
            p.put("days", Integer.toString(n));
            // row r → tenant t (slowest), day d, service s: sorted like the table's key, so parts stay few
            sql.execute("""
                    INSERT INTO cost_daily (tenant_id, account_id, day, service, category, baseline_component, amount,
                                            currency, estimated, version)
                    SELECT concat('t', leftPad(toString(t), 5, '0')) AS tenant_id,
                           toString(100000000000 + t) AS account_id,
                           {from:Date} + d AS day,
                           if(s < {workload:UInt32}, concat('svc-', toString(s)),
                              if(s = {workload:UInt32}, 'AWSCloudTrail', 'tenantscope')) AS service,
                           if(s < {workload:UInt32}, 'workload', 'baseline') AS category,
                           if(s < {workload:UInt32}, '', if(s = {workload:UInt32}, 'AWS CloudTrail', 'collector-api'))
                               AS baseline_component,
                           toDecimal64(((t * 31 + d * 7 + s * 13) % 1000) / 100, 6) AS amount,
                           'USD' AS currency, 0 AS estimated, 1 AS version
                    FROM (SELECT intDiv(number, {days:UInt32} * {services:UInt32}) AS t,
                                 intDiv(number, {services:UInt32}) % {days:UInt32} AS d,
                                 number % {services:UInt32} AS s
                          FROM numbers({tenants:UInt64} * {days:UInt32} * {services:UInt32}))
                    SETTINGS max_insert_block_size = 4000000, min_insert_block_size_rows = 4000000
                    """, p);
            out.println("  cost " + from + ".." + to);
        }
        sql.execute("""
                INSERT INTO accounts
                SELECT toString(100000000000 + number), concat('t', leftPad(toString(number), 5, '0')), 'standard',
                       'prod', if(number % 200 = 0, 'SUSPENDED', 'ACTIVE'),
                       if(number % 100 = 0, 'UNOBSERVABLE', 'OBSERVABLE'),
                       if(number % 100 = 0, 'AccessDenied: role deleted', ''),
                       now64(3) - toIntervalDay(number % 700), now64(3) - toIntervalSecond(number % 1800), 1
                FROM numbers({tenants:UInt64})""", p);
        sql.execute("""
                INSERT INTO collector_runs
                SELECT toString(100000000000 + a), concat('t', leftPad(toString(a), 5, '0')), 'c-1',
                       now64(3) - toIntervalHour(h), 900, if(a % 100 = 0, 'UNOBSERVABLE', 'OK'), '', 40, 0,
                       a % 3, toDecimal64(0.0125, 6), 'USD', 1
                FROM (SELECT intDiv(number, 24) AS a, number % 24 AS h FROM numbers({tenants:UInt64} * 24))""", p);
        sql.execute("""
                INSERT INTO quota_usage (account_id, tenant_id, region, service_code, quota_code, quota_name,
                                         quota_value, usage, utilisation, ts, version)
                SELECT toString(100000000000 + number), concat('t', leftPad(toString(number), 5, '0')), 'eu-west-1', 'ec2',
                       'L-1216C47A', 'Running On-Demand instances', 100, number % 100, (number % 100) / 100,
                       now() - 60, 1
                FROM numbers({tenants:UInt64})""", p);
        sql.execute("""
                INSERT INTO alerts
                SELECT concat('a-', toString(number)), if(number % 2 = 0, 'noisy', 'quota'),
                       concat('t', leftPad(toString(number * 50), 5, '0')), toString(100000000000 + number * 50),
                       'errors/Lambda', if(number % 5 = 0, 'critical', 'warn'), 'open', now64(3) - 3600, now64(3),
                       NULL, 10, 0, 1, 99, 0.8, if(number % 2 = 1, now64(3) + toIntervalDay(3), NULL), '{}', 1
                FROM numbers(intDiv({tenants:UInt64}, 50))""", p);
    }

    /**
     * Waits (at most 3 min) for the background merges the fill started: a table in steady state is what
     * the API reads in production, and merges running during the measurement would take its CPU.
     */
    private static void settleMerges(ClickHouseSql sql, PrintStream out) throws InterruptedException {
        long deadline = System.nanoTime() + 180_000_000_000L;
        long start = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Object merges = sql.rows("SELECT toString(count()) AS n FROM system.merges")
                    .get(0)
                    .get("n");
            if ("0".equals(merges)) {
                break;
            }
            Thread.sleep(1000);
        }
        Object parts = sql.rows("SELECT toString(count()) AS n FROM system.parts WHERE active AND table = 'cost_daily'")
                .get(0)
                .get("n");
        out.printf(
                "merges settled after %.1f s; cost_daily has %s active parts%n",
                (System.nanoTime() - start) / 1e9, parts);
    }

    /** {@code clients} workers share {@code requests} calls; latency per call in microseconds. */
    private static Histogram measure(int clients, int requests, Supplier<Object> call) throws Exception {
        Histogram histogram = new Histogram(60_000_000L, 3);
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<Histogram>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int share = requests / clients + (c < requests % clients ? 1 : 0);
                futures.add(pool.submit(() -> {
                    Histogram h = new Histogram(60_000_000L, 3);
                    for (int i = 0; i < share; i++) {
                        long t = System.nanoTime();
                        call.get();
                        h.recordValue(Math.max(1, (System.nanoTime() - t) / 1000));
                    }
                    return h;
                }));
            }
            for (Future<Histogram> f : futures) {
                histogram.add(f.get());
            }
        }
        return histogram;
    }

    private static Object get(HttpClient http, URI uri) {
        try {
            HttpResponse<byte[]> r = http.send(
                    HttpRequest.newBuilder(uri)
                            .header("Authorization", "Bearer " + TOKEN)
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + new String(r.body()));
            }
            return r.body().length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Streams the export and counts lines and bytes as they arrive: {lines, bytes}. */
    private static long[] export(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = http.send(
                HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + r.statusCode());
        }
        long lines = 0;
        long bytes = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = r.body()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return new long[] {lines, bytes};
    }

    private static void put(Map<String, Number> figures, String name, Histogram h) {
        figures.put(name + "_p50_ms", round(ms(h, 50)));
        figures.put(name + "_p99_ms", round(ms(h, 99)));
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static int intOption(Map<String, String> options, String key, int fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new IllegalArgumentException("--" + key + ": expected ≥ 1, got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + ": expected a whole number, got '" + v + "'");
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
