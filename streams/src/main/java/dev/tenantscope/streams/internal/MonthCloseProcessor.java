package dev.tenantscope.streams.internal;

import dev.tenantscope.model.Money;
import dev.tenantscope.model.rollup.CostRestatement;
import dev.tenantscope.model.rollup.MonthClose;
import dev.tenantscope.model.rollup.TenantDailyCost;
import dev.tenantscope.streams.internal.key.DailyCostKey;
import dev.tenantscope.streams.internal.key.MonthRowKey;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
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
 * Freezes each month once stream time (the retrieval time of cost data) reaches the close day of the next
 * month, and from then on reports every change to one of its daily rows as a diff against the frozen value.
 *
 * <p>Rows are stored under {@link MonthRowKey} (month first) so a close is one prefix scan.
 */
final class MonthCloseProcessor implements Processor<DailyCostKey, TenantDailyCost, String, CloseEvent> {
    static final long OPEN = -1L;
    static final long FIRST_FROZEN_VERSION = 1L;

    private final int closeDay;
    private ProcessorContext<String, CloseEvent> context;
    private KeyValueStore<MonthRowKey, MonthRow> rows;
    private KeyValueStore<String, Long> months;

    MonthCloseProcessor(int closeDay) {
        this.closeDay = closeDay;
    }

    @Override
    public void init(ProcessorContext<String, CloseEvent> context) {
        this.context = context;
        this.rows = context.getStateStore(Stores.MONTH_ROWS);
        this.months = context.getStateStore(Stores.MONTHS);
        context.schedule(Duration.ofMinutes(10), PunctuationType.STREAM_TIME, this::closeDue);
    }

    @Override
    public void process(Record<DailyCostKey, TenantDailyCost> record) {
        TenantDailyCost row = record.value();
        if (row == null) {
            return;
        }
        YearMonth month = YearMonth.from(row.day());
        Long frozenAt = months.get(month.toString());
        if (frozenAt == null) {
            frozenAt = OPEN;
            months.put(month.toString(), OPEN);
        }
        if (frozenAt == OPEN && record.timestamp() >= closeInstant(month).toEpochMilli()) {
            frozenAt = close(month);
        }
        MonthRowKey rowKey = new MonthRowKey(month, record.key());
        if (frozenAt == OPEN) {
            rows.put(rowKey, new MonthRow(row, null));
            return;
        }
        MonthRow before = rows.get(rowKey);
        BigDecimal frozen = before == null || before.frozen() == null ? BigDecimal.ZERO : before.frozen();
        rows.put(rowKey, new MonthRow(row, frozen));
        CostRestatement diff = new CostRestatement(
                row.tenant(),
                row.account(),
                month,
                row.day(),
                row.service(),
                row.category(),
                FIRST_FROZEN_VERSION,
                new Money(frozen, row.amount().currency()),
                row.amount(),
                Instant.ofEpochMilli(record.timestamp()),
                row.version());
        context.forward(record.withKey(diff.key()).withValue(new CloseEvent(null, diff)));
    }

    private void closeDue(long streamTime) {
        List<YearMonth> due = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = months.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> kv = it.next();
                YearMonth m = YearMonth.parse(kv.key);
                if (kv.value == OPEN && streamTime >= closeInstant(m).toEpochMilli()) {
                    due.add(m);
                }
            }
        }
        due.forEach(this::close);
    }

    /** Freezes every row of the month at its current value; returns the frozen-at time. */
    private long close(YearMonth month) {
        Instant at = closeInstant(month);
        List<KeyValue<MonthRowKey, MonthRow>> open = new ArrayList<>();
        try (KeyValueIterator<MonthRowKey, MonthRow> it = rows.prefixScan(month, MonthRowKey.MONTH_PREFIX)) {
            while (it.hasNext()) {
                open.add(it.next());
            }
        }
        for (KeyValue<MonthRowKey, MonthRow> kv : open) {
            TenantDailyCost row = kv.value.current();
            rows.put(kv.key, new MonthRow(row, row.amount().amount()));
            MonthClose close = new MonthClose(month, row, FIRST_FROZEN_VERSION, at);
            context.forward(new Record<>(close.key(), new CloseEvent(close, null), at.toEpochMilli()));
        }
        months.put(month.toString(), at.toEpochMilli());
        return at.toEpochMilli();
    }

    Instant closeInstant(YearMonth month) {
        return month.plusMonths(1).atDay(closeDay).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
