package dev.tenantscope.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tenantscope.app.ops.Promtool;
import dev.tenantscope.app.ops.RepoRoot;
import dev.tenantscope.clickhouse.ChdbClickHouse;
import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.Migrations;
import dev.tenantscope.collector.Collector;
import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.fleetsim.FleetSimServer;
import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.QuotaCrossing;
import dev.tenantscope.fleetsim.SimAccount;
import dev.tenantscope.fleetsim.SimClock;
import dev.tenantscope.kafka.EmbeddedKafkaBroker;
import dev.tenantscope.kafkaadmin.TopicProvisioner;
import dev.tenantscope.model.topic.Topics;
import dev.tenantscope.queryapi.ApiToken;
import dev.tenantscope.queryapi.QueryApiConfig;
import dev.tenantscope.queryapi.QueryApiServer;
import dev.tenantscope.queryapi.Role;
import dev.tenantscope.streams.ClickHouseSink;
import dev.tenantscope.streams.StreamsApp;
import dev.tenantscope.streams.StreamsAppConfig;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's delivery: the real pipeline (KRaft broker, fleet-sim, collector, streams, ClickHouse sink on chDB,
 * query API) with production defaults, a real Prometheus loading the shipped rules and scraping every role, and a
 * real Alertmanager posting to a webhook served here. A quota drifting past its thresholds in fleet-sim reaches
 * the webhook as {@code TenantscopeQuotaExhaustion} with the tenant and account as labels. Every role's
 * {@code /metrics} also passes {@code promtool check metrics}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertDeliveryIT {
    private static final int ACCOUNTS = 12;
    private static final String ADMIN_TOKEN = "alerting-admin";
    // generous: two cores shared by several builds; every wait polls a condition, none is an assertion by itself
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final BlockingQueue<JsonNode> webhook = new LinkedBlockingQueue<>();
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    static Path dir; // static: shared by both tests and ready before @BeforeAll

    private Stack started;
    private FleetSimServer sim;
    private Collector collector;
    private QueryApiServer api;
    private PrometheusEndpoint streamsMetrics;
    private QuotaCrossing drift;
    private SimAccount drifting;

    @BeforeAll
    void startThePipeline() throws Exception {
        started = new Stack();
        EmbeddedKafkaBroker broker = started.add(EmbeddedKafkaBroker.start(dir.resolve("kafka")));
        FleetSpec spec = FleetSpec.defaults().withAccounts(ACCOUNTS).withQuotaDriftFraction(0.5);
        // a running clock: query-api refreshes its gauges once per gaugeRefresh of this clock (a fixed one would
        // freeze them after the first scrape)
        sim = started.add(FleetSimServer.start(spec, 0, SimClock.running(spec.genesis())));
        // the drifting account whose quota crosses 95 % first; the sweeps run a day before and just after
        drift = sim
                .truth()
                .quotaCrossings(
                        spec.genesis().minus(Duration.ofDays(60)),
                        spec.genesis().plus(Duration.ofDays(60)))
                .stream()
                .filter(c -> c.threshold() >= 0.95)
                .filter(c -> c.at().isAfter(spec.genesis().minus(Duration.ofDays(20))))
                .min(Comparator.comparing(QuotaCrossing::at))
                .orElseThrow(() -> new AssertionError("fleet-sim drifts no quota past 95 % in this fleet"));
        drifting = sim.truth().account(drift.account()).orElseThrow();
        sim.clock().set(drift.at().minus(Duration.ofDays(1)));
        ClickHouseSql clickhouse = started.add(ChdbClickHouse.open(dir.resolve("clickhouse")));
        System.out.println("[backend] collector + streams + ClickHouse sink + query API on KRaft "
                + broker.bootstrapServers() + ", fleet-sim " + sim.endpoint() + ", " + clickhouse.engine()
                + "; Prometheus " + Promtool.binary().getParent().resolve("prometheus") + ", Alertmanager "
                + "/usr/bin/prometheus-alertmanager");
        System.out.println("[drift] " + drift + " (tenant " + drifting.tenant().value() + ")");
        Migrations.tenantscope().apply(clickhouse);
        String bootstrap = broker.bootstrapServers();
        try (Admin admin = broker.admin()) {
            new TopicProvisioner(
                            admin,
                            StreamsAppConfig.defaults().kafka().topics().partitions(), // production's
                            (short) 1,
                            Duration.ofDays(7))
                    .ensure(Topics.all());
        }
        StreamsAppConfig streamsConfig = StreamsAppConfig.defaults();
        collector = started.add(Collector.open(
                DemoWiring.collector(CollectorConfig.defaults(), sim, bootstrap, "collector-0")
                        .withPrometheusPort(0),
                sim.clock()));
        StreamsApp streams = started.add(StreamsApp.start(streamsConfig, bootstrap, dir.resolve("streams")));
        ClickHouseSink sink = started.add(ClickHouseSink.start(streamsConfig, bootstrap, clickhouse));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        StreamsRoleMetrics.bind(registry, streams);
        StreamsRoleMetrics.bind(registry, sink);
        new JvmMemoryMetrics().bindTo(registry);
        started.add(new JvmGcMetrics()).bindTo(registry);
        streamsMetrics = started.add(new PrometheusEndpoint(registry, 0));
        QueryApiConfig apiConfig = QueryApiConfig.defaults()
                .withTokens(List.of(ApiToken.ofPlain("prometheus", ADMIN_TOKEN, Role.ADMIN, null)))
                .withClock(sim.clock());
        api = started.add(QueryApiServer.start(apiConfig, clickhouse, 0));

        awaitTrue(
                "the collector to own the accounts topic's partitions",
                () -> collector.ownedPartitions().size()
                        == StreamsAppConfig.defaults().kafka().topics().partitions());
        collector.sweepOnce(); // the discovery leader registers the fleet
        collector.awaitAccounts(Duration.ofSeconds(120));
        collector.sweepOnce(); // a day before the crossing: the trend starts
    }

    @AfterAll
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (started != null) {
            started.close();
        }
    }

    @Test
    void everyRolesMetricsPassPromtoolCheckMetrics() throws Exception {
        Map<String, URI> endpoints = Map.of( // each role's real endpoint, bound as its command binds it
                "collector", collector.metricsEndpoint(),
                "streams", URI.create("http://127.0.0.1:" + streamsMetrics.port() + "/metrics"),
                "query-api", api.uri().resolve("/metrics"));
        Map<String, String> problems = new TreeMap<>();
        for (Map.Entry<String, URI> e : endpoints.entrySet()) {
            // query-api's gauges have series only once the pipeline has delivered rows: wait for them, do not race
            awaitTrue(
                    e.getKey() + " to expose tenantscope_ series",
                    () -> scrape(e.getValue()).contains("# TYPE tenantscope_"));
            String body = scrape(e.getValue());
            assertThat(body).as(e.getKey()).contains("# TYPE tenantscope_");
            Promtool.Result r = Promtool.run(dir, body.getBytes(StandardCharsets.UTF_8), "check", "metrics");
            System.out.println("[promtool] check metrics " + e.getKey() + " ("
                    + body.lines().count() + " lines): " + (r.ok() && r.output().isBlank() ? "ok" : r.output()));
            if (!r.ok() || !r.output().isBlank()) {
                problems.put(e.getKey(), "exit " + r.exitCode() + ": " + r.output());
            }
        }
        assertThat(problems).as("promtool check metrics problems per role").isEmpty();
    }

    @Test
    void aQuotaDriftReachesAlertmanagersWebhookWithTenantAndAccount() throws Exception {
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            try (exchange) {
                webhook.add(json.readTree(exchange.getRequestBody()));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        hook.start();
        try {
            int alertmanager = startAlertmanager(hook.getAddress().getPort());
            startPrometheus(alertmanager);

            // hours past the 95 % crossing, so even an hour's average of the usage metric is past criticalAt
            sim.clock().set(drift.at().plus(Duration.ofHours(6)));
            collector.sweepOnce(); // streams escalates (or opens) the quota alert to critical

            // a day before the crossing the quota may already be past warnAt: the alert then opens as warn and
            // escalates to critical; the page on-call needs is the critical one
            JsonNode alert = awaitWebhookAlert(
                    "TenantscopeQuotaExhaustion", drift.account().value(), "critical");
            System.out.println("[webhook] " + alert);
            JsonNode labels = alert.get("labels");
            assertThat(alert.get("status").asText()).isEqualTo("firing");
            assertThat(labels.get("tenant").asText())
                    .isEqualTo(drifting.tenant().value());
            assertThat(labels.get("account").asText()).isEqualTo(drift.account().value());
            assertThat(labels.get("kind").asText()).isEqualTo("quota");
            assertThat(labels.get("severity").asText()).isEqualTo("critical");
            assertThat(alert.path("annotations").path("summary").asText())
                    .contains(drifting.tenant().value(), drift.account().value());
        } finally {
            hook.stop(0);
        }
    }

    private JsonNode awaitWebhookAlert(String name, String account, String severity) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            JsonNode payload = webhook.poll(2, TimeUnit.SECONDS);
            if (payload == null) {
                continue;
            }
            for (JsonNode a : payload.path("alerts")) {
                seen.add(a.path("labels").toString());
                if (a.path("labels").path("alertname").asText().equals(name)
                        && a.path("labels").path("account").asText().equals(account)
                        && a.path("labels").path("severity").asText().equals(severity)) {
                    return a;
                }
            }
        }
        throw new AssertionError("no " + severity + " " + name + " for account " + account
                + " reached the webhook within " + PATIENCE + "; it received " + seen);
    }

    private int startAlertmanager(int hookPort) throws Exception {
        int port = freePort();
        Path conf = Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: test-webhook
                  group_by: [alertname, tenant, account]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: test-webhook
                    webhook_configs:
                      - url: http://127.0.0.1:%d/hook
                        send_resolved: true
                """.formatted(hookPort));
        start(
                "alertmanager",
                "/usr/bin/prometheus-alertmanager",
                "--config.file=" + conf,
                "--storage.path=" + Files.createDirectories(dir.resolve("alertmanager-data")),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=");
        awaitTrue("Alertmanager to be ready", () -> ok(URI.create("http://127.0.0.1:" + port + "/-/ready")));
        return port;
    }

    private void startPrometheus(int alertmanagerPort) throws Exception {
        int port = freePort();
        Path rules = RepoRoot.find().resolve("deploy/prometheus/tenantscope-rules.yml");
        Path conf = Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 2s
                  evaluation_interval: 2s
                rule_files:
                  - %s
                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ["127.0.0.1:%d"]
                scrape_configs:
                  - job_name: tenantscope-query-api
                    authorization:
                      type: Bearer
                      credentials: %s
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                  - job_name: tenantscope-collector
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                  - job_name: tenantscope-streams
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(
                        rules,
                        alertmanagerPort,
                        ADMIN_TOKEN,
                        api.uri().getPort(),
                        collector.metricsEndpoint().getPort(),
                        streamsMetrics.port()));
        start(
                "prometheus",
                "/usr/bin/prometheus",
                "--config.file=" + conf,
                "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("prometheus-data")),
                "--web.listen-address=127.0.0.1:" + port);
        awaitTrue("Prometheus to be ready", () -> ok(URI.create("http://127.0.0.1:" + port + "/-/ready")));
        awaitTrue("Prometheus to load the shipped rules", () -> {
            JsonNode groups = json.readTree(get(URI.create("http://127.0.0.1:" + port + "/api/v1/rules")))
                    .path("data")
                    .path("groups");
            return groups.size() == 2;
        });
    }

    private void start(String name, String... command) throws IOException {
        if (!Files.isExecutable(Path.of(command[0]))) {
            throw new IllegalStateException(command[0] + " is missing: install the Debian package "
                    + (name.equals("prometheus") ? "'prometheus'" : "'prometheus-alertmanager'") + " (.ci/run does)");
        }
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .start();
        processes.add(p);
    }

    private String scrape(URI metrics) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(metrics)
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(metrics + " → " + r.body()).isEqualTo(200);
        return r.body();
    }

    private String get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private boolean ok(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private void awaitTrue(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after " + PATIENCE + " waiting for " + what + " (logs in " + dir + ")");
            }
            Thread.sleep(500);
        }
    }
}
