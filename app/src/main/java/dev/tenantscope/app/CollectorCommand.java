package dev.tenantscope.app;

import dev.tenantscope.collector.Collector;
import dev.tenantscope.collector.CollectorConfig;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "collector",
        description =
                "Collect from the accounts this instance owns in the collector consumer group (real AWS by default).")
final class CollectorCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--bootstrap-servers", description = "Kafka (default: kafka.bootstrapServers)")
    String bootstrap;

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (bootstrap != null) {
            overrides.put("kafka.bootstrapServers", bootstrap);
        }
        CollectorConfig collectorConfig = config.load(overrides).collector();
        try (Stack stack = new Stack()) {
            Collector collector = stack.add(Collector.start(collectorConfig, Clock.systemUTC()));
            System.out.println("collector " + collectorConfig.collectorId() + " joined group "
                    + collectorConfig.groupId() + " at "
                    + collectorConfig.kafka().bootstrapServers()
                    + (collector.metricsEndpoint() == null ? "" : "; metrics at " + collector.metricsEndpoint()));
            Lifecycle.runUntilStopped(stack);
        }
        return 0;
    }
}
