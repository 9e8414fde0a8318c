package dev.tenantscope.collector.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.kafka.EmbeddedKafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine closes the parts it built (SDK clients, threads, the accounts consumer), never what it was given. */
class EngineIT {
    @TempDir
    Path dir;

    @Test
    void closeDoesNotCloseTheConfiguredSink() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir)) {
            System.out.println("backend: embedded KRaft broker " + broker.bootstrapServers());
            CollectorConfig config = CollectorConfig.defaults()
                    .withCollectorId("engine-it")
                    .withBootstrapServers(broker.bootstrapServers())
                    .withPrometheusPort(-1);
            // no AWS here: with cost on, the engine would refuse to start without verified payer access
            config = config.withCost(config.cost().withMode(CollectorConfig.CostMode.OFF));
            RecordingSink sink = new RecordingSink();
            Engine engine = new Engine(
                    config,
                    new Clocks(Clock.fixed(Runs.T0, ZoneOffset.UTC), Clock.systemUTC()),
                    new CollectorMetrics(new SimpleMeterRegistry()),
                    sink);
            engine.close();
            assertThat(sink.closed).as("the sink belongs to whoever created it").isFalse();
        }
    }
}
