package dev.tenantscope.streams.internal;

import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.streams.internal.key.CostKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Attributes each cost line to its account's tenant and classes it, re-keyed by the line's upsert key.
 *
 * <p>A line of an account the registry does not know yet goes to tenant "unassigned" and is remembered; a
 * wall-clock punctuator re-emits it under the real tenant once the account is registered. Downstream the
 * KTable's subtractor then takes it out of "unassigned", so nothing is dropped and nothing counted twice.
 */
final class CostEnricher implements Processor<String, CostLine, CostKey, AttributedCost> {
    private final CostClassifier classifier;
    private final Duration reattributeEvery;
    private final StreamsCounters counters;
    private ProcessorContext<CostKey, AttributedCost> context;
    private AccountLookup accounts;
    private KeyValueStore<CostKey, CostLine> unassigned;

    CostEnricher(CostClassifier classifier, Duration reattributeEvery, StreamsCounters counters) {
        this.classifier = classifier;
        this.reattributeEvery = reattributeEvery;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<CostKey, AttributedCost> context) {
        this.context = context;
        this.accounts = new AccountLookup(context);
        this.unassigned = context.getStateStore(Stores.UNASSIGNED_COST);
        context.schedule(reattributeEvery, PunctuationType.WALL_CLOCK_TIME, now -> reattribute());
    }

    @Override
    public void process(Record<String, CostLine> record) {
        CostLine line = record.value();
        if (line == null) {
            return;
        }
        AccountRegistration reg = accounts.get(line.account().value());
        CostKey key = CostKey.of(line);
        if (reg == null) {
            counters.unassigned();
            // keep the line retrieved last, as cost-lines-latest does: an older line arriving late must not be
            // the one re-emitted, or the newer one stays under "unassigned" for good
            CostLine kept = unassigned.get(key);
            if (kept == null || !line.retrievedAt().isBefore(kept.retrievedAt())) {
                unassigned.put(key, line);
            }
        } else {
            CostLine kept = unassigned.get(key);
            if (kept != null) {
                // registered since the kept line came, and the punctuator has not moved it yet: it moves now, or
                // a newer kept line would stay under "unassigned" once an older one arrives and is deleted here
                unassigned.delete(key);
                if (kept.retrievedAt().isAfter(line.retrievedAt())) {
                    counters.reattributed();
                    line = kept;
                }
            }
        }
        TenantId tenant = reg == null ? TenantId.UNASSIGNED : reg.tenant();
        context.forward(record.withKey(key).withValue(AttributedCost.of(line, tenant, classifier.classify(line))));
    }

    private void reattribute() {
        List<KeyValue<CostKey, CostLine>> now = new ArrayList<>();
        try (KeyValueIterator<CostKey, CostLine> it = unassigned.all()) {
            while (it.hasNext()) {
                now.add(it.next());
            }
        }
        for (KeyValue<CostKey, CostLine> kv : now) {
            AccountRegistration reg = accounts.get(kv.value.account().value());
            if (reg != null) {
                unassigned.delete(kv.key);
                counters.reattributed();
                CostLine line = kv.value;
                context.forward(new Record<>(
                        kv.key,
                        AttributedCost.of(line, reg.tenant(), classifier.classify(line)),
                        line.retrievedAt().toEpochMilli()));
            }
        }
    }
}
