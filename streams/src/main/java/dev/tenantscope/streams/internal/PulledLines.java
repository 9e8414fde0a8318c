package dev.tenantscope.streams.internal;

import dev.tenantscope.model.Money;
import dev.tenantscope.model.events.CostAmounts;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.events.CostPullCompleted;
import dev.tenantscope.streams.internal.key.CostKey;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Restatement zeroing. Cost Explorer may restate a day without a group an earlier answer had; treating its absence
 * as "unchanged" would keep a stale amount forever. So the raw lines are remembered per upsert key
 * ({@code cost-pulled-lines-store}, on the account's partition: raw cost and cost pulls are both keyed by account),
 * and a {@link CostPullCompleted} zeroes every remembered line of its account with a day in {@code [from, until)}
 * and an older {@code retrievedAt}: the pull did not send it again. The zero carries the pull's
 * {@code retrievedAt}, so it replaces the stale line downstream like any restatement.
 *
 * <p>Either arrival order is safe: a line of the pull seen first is as new as the pull and is not zeroed; a line
 * seen after the pull's zero has the same {@code retrievedAt} and wins the tie ({@link AttributedCost#latest}).
 */
final class PulledLines {
    private PulledLines() {}

    /** Passes raw lines on, remembering the latest of each key. */
    static final class Remember implements Processor<String, CostLine, String, CostLine> {
        private ProcessorContext<String, CostLine> context;
        private KeyValueStore<CostKey, CostLine> lines;

        @Override
        public void init(ProcessorContext<String, CostLine> context) {
            this.context = context;
            this.lines = context.getStateStore(Stores.PULLED_LINES);
        }

        @Override
        public void process(Record<String, CostLine> record) {
            CostLine line = record.value();
            if (line == null) {
                return;
            }
            CostKey key = CostKey.of(line);
            CostLine before = lines.get(key);
            if (before == null || !line.retrievedAt().isBefore(before.retrievedAt())) {
                lines.put(key, line);
            }
            context.forward(record);
        }
    }

    /** Emits a zero line for each remembered line of the pull's account and days that the pull did not resend. */
    static final class Zero implements Processor<String, CostPullCompleted, String, CostLine> {
        private final StreamsCounters counters;
        private ProcessorContext<String, CostLine> context;
        private KeyValueStore<CostKey, CostLine> lines;

        Zero(StreamsCounters counters) {
            this.counters = counters;
        }

        @Override
        public void init(ProcessorContext<String, CostLine> context) {
            this.context = context;
            this.lines = context.getStateStore(Stores.PULLED_LINES);
        }

        @Override
        public void process(Record<String, CostPullCompleted> record) {
            CostPullCompleted pull = record.value();
            if (pull == null) {
                return;
            }
            for (LocalDate day = pull.from(); day.isBefore(pull.until()); day = day.plusDays(1)) {
                for (KeyValue<CostKey, CostLine> kv : linesOf(pull, day)) {
                    CostLine stale = kv.value;
                    if (!stale.retrievedAt().isBefore(pull.retrievedAt()) || isZero(stale.amounts())) {
                        continue; // sent again by this pull (or a later one), or already zero
                    }
                    CostLine zero = zeroOf(stale, pull);
                    lines.put(kv.key, zero);
                    counters.zeroedCostLine();
                    context.forward(new Record<>(
                            pull.account().value(), zero, pull.retrievedAt().toEpochMilli(), record.headers()));
                }
            }
        }

        private List<KeyValue<CostKey, CostLine>> linesOf(CostPullCompleted pull, LocalDate day) {
            List<KeyValue<CostKey, CostLine>> out = new ArrayList<>();
            try (KeyValueIterator<CostKey, CostLine> it =
                    lines.prefixScan(new CostKey.AccountDay(pull.account(), day), CostKey.ACCOUNT_DAY_PREFIX)) {
                while (it.hasNext()) {
                    out.add(it.next());
                }
            }
            return out;
        }

        private static CostLine zeroOf(CostLine stale, CostPullCompleted pull) {
            return new CostLine(
                    stale.account(),
                    stale.day(),
                    stale.service(),
                    stale.usageType(),
                    stale.recordType(),
                    CostAmounts.zero(stale.amounts().currency()),
                    false,
                    pull.retrievedAt());
        }
    }

    static boolean isZero(CostAmounts a) {
        for (Money m : new Money[] {a.unblended(), a.netUnblended(), a.amortized(), a.netAmortized(), a.blended()}) {
            if (!m.isZero()) {
                return false;
            }
        }
        return true;
    }
}
