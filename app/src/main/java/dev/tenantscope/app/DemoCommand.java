package dev.tenantscope.app;

import dev.tenantscope.clickhouse.ChdbClickHouse;
import dev.tenantscope.clickhouse.ChdbLibrary;
import dev.tenantscope.clickhouse.Migrations;
import dev.tenantscope.collector.Collector;
import dev.tenantscope.config.Environment;
import dev.tenantscope.config.TopicsConfig;
import dev.tenantscope.fleetsim.FleetSimServer;
import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.SimClock;
import dev.tenantscope.kafka.EmbeddedKafkaBroker;
import dev.tenantscope.kafkaadmin.TopicProvisioner;
import dev.tenantscope.model.topic.Topics;
import dev.tenantscope.queryapi.ApiToken;
import dev.tenantscope.queryapi.QueryApiServer;
import dev.tenantscope.queryapi.Role;
import dev.tenantscope.streams.ClickHouseSink;
import dev.tenantscope.streams.StreamsApp;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        description = "The embedded all-in-one: a real Kafka broker, the ClickHouse engine, a simulated fleet.")
final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--kafka-port",
            defaultValue = "19092",
            description = "Kafka client port (default ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--data-dir", description = "data directory (default $TENANTSCOPE_DATA_DIR or ./data)")
    String dataDir;

    @Option(
            names = "--accounts",
            defaultValue = "1000",
            description = "simulated tenant accounts (default ${DEFAULT-VALUE})")
    int accounts;

    @Option(names = "--sim-port", defaultValue = "4566", description = "fleet-sim port (default ${DEFAULT-VALUE})")
    int simPort;

    @Option(
            names = "--api-port",
            defaultValue = "8080",
            description = "query API and overview port (default ${DEFAULT-VALUE})")
    int apiPort;

    @Override
    public Integer call() throws Exception {
        // the defaults of the one configuration, as every role binds them; only the data dir is an option here
        TenantscopeConfig config = TenantscopeConfig.load(
                        null, Environment.system(), dataDir == null ? Map.of() : Map.of("dataDir", dataDir))
                .requireValid();
        Path dir = config.dataDir();
        TopicsConfig topics = config.shared().kafka().topics();
        Steps steps = new Steps(8, System.out);
        try (Stack stack = new Stack()) {
            EmbeddedKafkaBroker broker = steps.run(
                    "Kafka broker (KRaft, in-process)",
                    () -> stack.add(EmbeddedKafkaBroker.start(dir.resolve("kafka"), kafkaPort, Map.of())));
            String bootstrap = broker.bootstrapServers();
            steps.run("Kafka topics", () -> {
                try (Admin admin = broker.admin()) {
                    new TopicProvisioner(admin, topics.partitions(), topics.replicationFactor(), topics.retention())
                            .ensure(Topics.all());
                }
                return null;
            });
            ChdbClickHouse clickhouse = steps.run(
                    "ClickHouse engine (chDB " + ChdbLibrary.VERSION + ", embedded)",
                    () -> stack.add(ChdbClickHouse.open(
                            dir.resolve("clickhouse"),
                            ChdbLibrary.fromEnvironment().withProgress(steps::progress),
                            ChdbClickHouse.DEFAULT_CONNECTIONS)));
            List<String> applied = steps.run(
                    "ClickHouse schema", () -> Migrations.tenantscope().apply(clickhouse));
            steps.progress(applied.isEmpty() ? "schema up to date" : "applied " + String.join(", ", applied));
            FleetSimServer sim = steps.run(
                    "fleet-sim: " + accounts + " simulated tenant accounts",
                    () -> stack.add(FleetSimServer.start(
                            FleetSpec.defaults().withAccounts(accounts), simPort, SimClock.running(Instant.now()))));
            steps.run("Kafka Streams topology and ClickHouse sink", () -> {
                stack.add(StreamsApp.start(config.streams(), bootstrap, dir.resolve("streams-state")));
                return stack.add(ClickHouseSink.start(config.streams(), bootstrap, clickhouse));
            });
            steps.run(
                    "collector",
                    () -> stack.add(Collector.start(
                            DemoWiring.collector(config.collector(), sim, bootstrap, "demo-collector"), sim.clock())));
            String token = DemoToken.loadOrCreate(dir);
            QueryApiServer api = steps.run(
                    "query API and web overview",
                    () -> stack.add(QueryApiServer.start(
                            config.queryApi()
                                    .withTokens(List.of(ApiToken.ofPlain("demo-admin", token, Role.ADMIN, null))),
                            clickhouse,
                            apiPort)));
            printEndpoints(api.uri(), token, broker, clickhouse, sim, dir);
            awaitShutdown(stack);
        }
        return 0;
    }

    private static void printEndpoints(
            URI api,
            String token,
            EmbeddedKafkaBroker broker,
            ChdbClickHouse clickhouse,
            FleetSimServer sim,
            Path dir) {
        String base = api.toString().replaceAll("/$", "");
        System.out.println();
        System.out.println("tenantscope demo is running");
        System.out.println("  overview          " + base + "/#token=" + token);
        System.out.println("  API               " + base + "/api/v1   (Authorization: Bearer " + token + ")");
        System.out.println("  Prometheus        " + base + "/metrics");
        System.out.println("  Kafka bootstrap   " + broker.bootstrapServers());
        System.out.println("  ClickHouse        " + clickhouse.engine() + " in " + clickhouse.dataDir());
        System.out.println("  fleet-sim         " + sim.endpoint() + " (ground truth under /_sim/truth)");
        System.out.println("  data              " + dir);
        System.out.println("Try:");
        System.out.println("  curl -H 'Authorization: Bearer " + token + "' " + base + "/api/v1/fleet/health");
        System.out.println("  curl -H 'Authorization: Bearer " + token + "' " + base + "/api/v1/tenants");
        System.out.println("  curl -H 'Authorization: Bearer " + token + "' '" + base + "/api/v1/exports/cost?month="
                + java.time.YearMonth.now() + "&format=csv'");
        System.out.println("Cost, baseline overhead and alerts fill in over the first minutes.");
        System.out.println("Stop with Ctrl-C; the next start resumes from the data directory.");
    }

    private static void awaitShutdown(Stack stack) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            System.out.println("\nstopping…");
            stack.close();
            stop.countDown();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        stop.await();
    }
}
