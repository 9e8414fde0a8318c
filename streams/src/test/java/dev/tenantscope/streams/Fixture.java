package dev.tenantscope.streams;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.AccountStatus;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.events.Coverage;
import dev.tenantscope.model.events.LogSignal;
import dev.tenantscope.model.events.MetricSample;
import dev.tenantscope.model.events.QuotaSample;
import dev.tenantscope.model.events.RunStatus;
import dev.tenantscope.model.topic.Topic;
import dev.tenantscope.streams.internal.DeadLetterHandler;
import dev.tenantscope.streams.internal.StreamsCounters;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A TopologyTestDriver around the real topology, with builders for the raw records. */
final class Fixture implements AutoCloseable {
    static final AccountId A1 = AccountId.of("111111111111");
    static final AccountId A2 = AccountId.of("222222222222");
    static final AccountId UNKNOWN = AccountId.of("999999999999");
    static final TenantId ACME = TenantId.of("acme");
    static final TenantId GLOBEX = TenantId.of("globex");

    final StreamsCounters counters = new StreamsCounters();
    final TopologyTestDriver driver;

    Fixture(StreamsAppConfig config, Path stateDir) {
        this(config, stateDir, true);
    }

    Fixture(StreamsAppConfig config, Path stateDir, boolean exactlyOnce) {
        this(config, stateDir, exactlyOnce, 1);
    }

    /** @param accountPartitions 1: the test driver runs every task as partition 0 */
    Fixture(StreamsAppConfig config, Path stateDir, boolean exactlyOnce, int accountPartitions) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        if (exactlyOnce) {
            p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        }
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsCounters.CONFIG_KEY, counters);
        driver = new TopologyTestDriver(
                TenantscopeTopology.build(config, counters, accountPartitions),
                p,
                Instant.parse("2026-11-01T00:00:00Z"));
    }

    <V> TestInputTopic<String, V> in(Topic<String, V> topic) {
        return driver.createInputTopic(
                topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    <V> TestOutputTopic<String, V> out(Topic<String, V> topic) {
        return driver.createOutputTopic(
                topic.name(),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }

    static AccountRegistration registration(AccountId account, TenantId tenant, String tier) {
        return new AccountRegistration(
                account, tenant, "", tier, "prod", AccountStatus.ACTIVE, List.of("us-east-1"), Instant.EPOCH);
    }

    static CostLine cost(AccountId a, String day, String service, String amount, Instant retrievedAt) {
        return new CostLine(a, LocalDate.parse(day), service, "", Money.usd(amount), true, retrievedAt);
    }

    static MetricSample metric(AccountId a, String metric, Instant ts, double value) {
        return new MetricSample(a, "us-east-1", "AWS/Lambda", metric, Map.of(), "Sum", 60, ts, value);
    }

    static LogSignal errors(AccountId a, Instant bin, long count) {
        return new LogSignal(a, "us-east-1", "/aws/lambda/", bin, 60, count, 1000);
    }

    static QuotaSample quota(AccountId a, double value, double usage, Instant ts) {
        return new QuotaSample(a, "us-east-1", "lambda", "L-B99A9384", "Concurrent executions", value, usage, ts);
    }

    static CollectorRun run(AccountId a, Instant startedAt, String spend) {
        return new CollectorRun(
                a, "c1", startedAt, 100, RunStatus.OK, "", 10, 0, Map.of(), List.of(), Money.usd(spend));
    }

    /**
     * A run of {@code a} whose pulls settled AWS/Lambda {@code metrics} (Sum) and the log error counts in us-east-1
     * through {@code settledThrough}.
     */
    static CollectorRun covered(AccountId a, Instant settledThrough, String... metrics) {
        return coveredAs(a, settledThrough, "Sum", metrics);
    }

    /** As {@link #covered}, for the AWS/Lambda {@code metrics} pulled with {@code statistic}. */
    static CollectorRun coveredAs(AccountId a, Instant settledThrough, String statistic, String... metrics) {
        Instant from = settledThrough.minus(java.time.Duration.ofMinutes(70));
        List<Coverage> coverage = new java.util.ArrayList<>();
        for (String m : metrics) {
            coverage.add(new Coverage("us-east-1", "AWS/Lambda", m, statistic, from, settledThrough));
        }
        coverage.add(Coverage.logs("us-east-1", from, settledThrough));
        return new CollectorRun(
                a,
                "c1",
                settledThrough.plus(java.time.Duration.ofMinutes(10)),
                100,
                RunStatus.OK,
                "",
                10,
                0,
                Map.of(),
                List.of(),
                Money.usd("0"),
                coverage);
    }

    @Override
    public void close() {
        driver.close();
    }
}
