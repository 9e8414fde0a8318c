package dev.tenantscope.model.topic;

import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.events.CostPullCompleted;
import dev.tenantscope.model.events.LogSignal;
import dev.tenantscope.model.events.MetricSample;
import dev.tenantscope.model.events.QuotaSample;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** The topics between the collector and the streams application. Raw topics are keyed by account id. */
public final class Topics {
    public static final Topic<String, AccountRegistration> ACCOUNTS =
            new Topic<>("tenantscope.accounts", Serdes.String(), JsonSerde.of(AccountRegistration.class), true);

    public static final Topic<String, MetricSample> RAW_METRICS =
            new Topic<>("tenantscope.raw.metrics", Serdes.String(), JsonSerde.of(MetricSample.class), false);

    public static final Topic<String, LogSignal> RAW_LOGS =
            new Topic<>("tenantscope.raw.logs", Serdes.String(), JsonSerde.of(LogSignal.class), false);

    public static final Topic<String, QuotaSample> RAW_QUOTAS =
            new Topic<>("tenantscope.raw.quotas", Serdes.String(), JsonSerde.of(QuotaSample.class), false);

    public static final Topic<String, CostLine> RAW_COST =
            new Topic<>("tenantscope.raw.cost", Serdes.String(), JsonSerde.of(CostLine.class), false);

    /** One per account a cost pull covered, after the pull's lines: see {@link CostPullCompleted}. */
    public static final Topic<String, CostPullCompleted> RAW_COST_PULLS =
            new Topic<>("tenantscope.raw.cost-pulls", Serdes.String(), JsonSerde.of(CostPullCompleted.class), false);

    public static final Topic<String, CollectorRun> COLLECTOR_RUNS =
            new Topic<>("tenantscope.collector.runs", Serdes.String(), JsonSerde.of(CollectorRun.class), false);

    /** Undecodable records, keyed by their original key, with where they came from in headers. */
    public static final Topic<byte[], byte[]> DLQ =
            new Topic<>("tenantscope.dlq", Serdes.ByteArray(), Serdes.ByteArray(), false);

    private Topics() {}

    /** Every topic tenantscope uses: the collector's outputs, the dead letters and the derived topics. */
    public static List<Topic<?, ?>> all() {
        List<Topic<?, ?>> all = new java.util.ArrayList<>(collectorOutputs());
        all.add(DLQ);
        all.addAll(DerivedTopics.all());
        return List.copyOf(all);
    }

    /** The topics the collector writes and the streams application reads. */
    public static List<Topic<String, ?>> collectorOutputs() {
        return List.of(ACCOUNTS, RAW_METRICS, RAW_LOGS, RAW_QUOTAS, RAW_COST, RAW_COST_PULLS, COLLECTOR_RUNS);
    }
}
