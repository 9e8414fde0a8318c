package dev.tenantscope.app;

import dev.tenantscope.collector.Collector;
import dev.tenantscope.collector.CollectorConfig;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "collector",
        description =
                "Collect from the accounts this instance owns in the collector consumer group (real AWS by default).")
final class CollectorCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        AppConfig app = config.load();
        CollectorConfig collectorConfig =
                app == null ? CollectorConfig.defaults() : app.collector(CollectorConfig::load);
        try (Stack stack = new Stack()) {
            Collector collector = stack.add(Collector.start(collectorConfig, Clock.systemUTC()));
            System.out.println("collector " + collectorConfig.collectorId() + " joined group "
                    + collectorConfig.kafka().groupId() + " at "
                    + collectorConfig.kafka().bootstrapServers()
                    + (collector.metricsEndpoint() == null ? "" : "; metrics at " + collector.metricsEndpoint()));
            Lifecycle.runUntilStopped(stack);
        }
        return 0;
    }
}
