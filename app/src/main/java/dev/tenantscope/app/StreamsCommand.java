package dev.tenantscope.app;

import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.streams.ClickHouseSink;
import dev.tenantscope.streams.StreamsApp;
import dev.tenantscope.streams.StreamsAppConfig;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "streams", description = "Run the Kafka Streams topology and the ClickHouse sink.")
final class StreamsCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Mixin
    ClickHouseOptions clickhouse;

    @Option(names = "--bootstrap-servers", description = "Kafka (default: kafka.bootstrapServers, else 127.0.0.1:9092)")
    String bootstrap;

    @Option(names = "--no-sink", description = "run the topology only; the ClickHouse sink runs elsewhere")
    boolean noSink;

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = clickhouse.overrides(new LinkedHashMap<>());
        if (bootstrap != null) {
            overrides.put("kafka.bootstrapServers", bootstrap);
        }
        TenantscopeConfig app = config.load(overrides);
        StreamsAppConfig streamsConfig = app.streams();
        String servers = streamsConfig.kafka().bootstrapServers();
        int metricsPort = streamsConfig.prometheusPort();
        try (Stack stack = new Stack()) {
            StreamsApp streams =
                    stack.add(StreamsApp.start(streamsConfig, app.dataDir().resolve("streams-state")));
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            StreamsRoleMetrics.bind(registry, streams);
            String target = "topology only";
            if (!noSink) {
                ClickHouseSql sql = stack.add(ClickHouseOptions.open(
                        app.shared().clickhouse(), app.dataDir(), line -> System.out.println("  " + line)));
                ClickHouseSink clickHouseSink = stack.add(ClickHouseSink.start(streamsConfig, servers, sql));
                StreamsRoleMetrics.bind(registry, clickHouseSink);
                target = sql.engine();
            }
            if (metricsPort >= 0) {
                new JvmMemoryMetrics().bindTo(registry);
                stack.add(new JvmGcMetrics()).bindTo(registry);
                stack.add(new PrometheusEndpoint(registry, metricsPort));
            }
            System.out.println("streams " + streamsConfig.applicationId() + " at " + servers + " → " + target
                    + (metricsPort >= 0 ? "; metrics on :" + metricsPort + "/metrics" : ""));
            Lifecycle.runUntilStopped(stack);
        }
        return 0;
    }
}
