package dev.tenantscope.app;

import dev.tenantscope.clickhouse.ChdbClickHouse;
import dev.tenantscope.clickhouse.ChdbLibrary;
import dev.tenantscope.clickhouse.Migrations;
import dev.tenantscope.kafka.EmbeddedKafkaBroker;
import dev.tenantscope.model.topic.TopicProvisioner;
import dev.tenantscope.model.topic.Topics;
import java.nio.file.Path;
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
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        Path dir = dataDir != null
                ? dataDir.toAbsolutePath()
                : AppEnvironment.fromSystem().dataDir();
        Steps steps = new Steps(4, System.out);
        try (Stack stack = new Stack()) {
            EmbeddedKafkaBroker broker = steps.run(
                    "Kafka broker (KRaft, in-process)",
                    () -> stack.add(EmbeddedKafkaBroker.start(dir.resolve("kafka"), kafkaPort, Map.of())));
            steps.run("Kafka topics", () -> {
                try (Admin admin = broker.admin()) {
                    new TopicProvisioner(admin, 4, (short) 1).ensure(Topics.collectorOutputs());
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
            System.out.println();
            System.out.println("tenantscope demo is running");
            System.out.println("  Kafka bootstrap   " + broker.bootstrapServers());
            System.out.println("  ClickHouse        " + clickhouse.engine() + " in " + clickhouse.dataDir());
            System.out.println("  data              " + dir);
            System.out.println("Stop with Ctrl-C; the next start resumes from the data directory.");
            awaitShutdown(stack);
        }
        return 0;
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
