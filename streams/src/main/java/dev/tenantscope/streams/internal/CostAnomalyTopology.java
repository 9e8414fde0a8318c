package dev.tenantscope.streams.internal;

import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.rollup.Alert;
import dev.tenantscope.model.rollup.TenantDailyCost;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.JsonSerde;
import dev.tenantscope.streams.StreamsAppConfig;
import dev.tenantscope.streams.internal.key.CostCohortKey;
import dev.tenantscope.streams.internal.key.CostLineDayKey;
import dev.tenantscope.streams.internal.key.CostLineKey;
import dev.tenantscope.streams.internal.key.DailyCostKey;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Cost anomalies: every change of a per-tenant daily cost row, keyed by {@link CostCohortKey} (the tenant's tier
 * from the registry + service) and repartitioned ({@code cost-anomaly-cohort}) so a cohort's lines share a task;
 * each line's days settle and are judged by {@link CostAnomalyProcessor}; alerts on {@code tenantscope.alerts}.
 * Unassigned accounts and {@code costAnomaly.ignoreServices} are not judged.
 */
final class CostAnomalyTopology {
    private final TopologyContext context;

    CostAnomalyTopology(TopologyContext context) {
        this.context = context;
    }

    /** @param daily the per-tenant daily cost rows, as published on {@code tenantscope.tenant.cost.daily} */
    void addTo(StreamsBuilder builder, KTable<DailyCostKey, TenantDailyCost> daily) {
        StreamsAppConfig.CostAnomaly config = context.config().costAnomaly();
        builder.addStateStore(TopologyContext.kvStore(
                Stores.COST_ANOMALY_STATE, CostLineKey.SERDE, JsonSerde.of(CostAnomalyState.class)));
        builder.addStateStore(TopologyContext.kvStore(
                Stores.COST_ANOMALY_DAYS, CostLineDayKey.SERDE, JsonSerde.of(CostAnomalyDay.class)));
        builder.addStateStore(TopologyContext.kvStore(Stores.COST_ANOMALY_DUE, CostLineDayKey.SERDE, Serdes.Long()));
        Set<String> ignored = Set.copyOf(config.ignoreServices());
        KStream<String, Alert> alerts = daily.toStream(Named.as("cost-anomaly-daily-changes"))
                .filter(
                        (k, row) -> row != null
                                && !row.tenant().equals(TenantId.UNASSIGNED)
                                && !ignored.contains(row.service()),
                        Named.as("cost-anomaly-judged-lines"))
                .process(ByCohort::new, Named.as("cost-anomaly-by-cohort"))
                .repartition(Repartitioned.with(CostCohortKey.SERDE, DerivedTopics.TENANT_COST_DAILY.valueSerde())
                        .withName("cost-anomaly-cohort"))
                .process(
                        () -> new CostAnomalyProcessor(config),
                        Named.as("cost-anomaly-lines"),
                        Stores.COST_ANOMALY_STATE,
                        Stores.COST_ANOMALY_DAYS,
                        Stores.COST_ANOMALY_DUE);
        alerts.to(
                DerivedTopics.ALERTS.name(),
                TopologyContext.produced(DerivedTopics.ALERTS, "cost-anomaly-alerts-sink"));
    }

    /** Keys a daily row by its cohort: the tenant's tier as the registry has it now ("" when none) and the service. */
    static final class ByCohort implements Processor<DailyCostKey, TenantDailyCost, CostCohortKey, TenantDailyCost> {
        private ProcessorContext<CostCohortKey, TenantDailyCost> context;
        private AccountLookup accounts;

        @Override
        public void init(ProcessorContext<CostCohortKey, TenantDailyCost> context) {
            this.context = context;
            this.accounts = new AccountLookup(context);
        }

        @Override
        public void process(Record<DailyCostKey, TenantDailyCost> record) {
            TenantDailyCost row = record.value();
            AccountRegistration reg = accounts.get(row.account().value());
            String tier = reg == null ? "" : reg.tier();
            context.forward(record.withKey(new CostCohortKey(tier, row.service())));
        }
    }
}
