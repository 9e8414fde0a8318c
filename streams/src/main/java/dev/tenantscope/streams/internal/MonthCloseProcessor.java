package dev.tenantscope.streams.internal;

import dev.tenantscope.model.events.CostAmounts;
import dev.tenantscope.model.rollup.CostRestatement;
import dev.tenantscope.model.rollup.MonthClose;
import dev.tenantscope.model.rollup.TenantDailyCost;
import dev.tenantscope.streams.internal.key.DailyCostKey;
import dev.tenantscope.streams.internal.key.MonthRowKey;
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
 * Freezes each month once AWS has finished it: stream time (the retrieval time of cost data) has reached the
 * finalisation day of the next month ({@code cost.closeDayOfMonth}, default the 8th: support fees for a month land
 * around the 6th–7th) and no row of the month is still estimated. Until then the month stays open and keeps taking
 * the collector's re-pulls. From the close on, every change to one of its daily rows — a refund or credit that
 * lands after the bill is final — is reported as a diff against the frozen value.
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
        boolean due = record.timestamp() >= closeInstant(month).toEpochMilli();
        if (frozenAt == OPEN && due && close(month, record.timestamp())) {
            frozenAt = months.get(month.toString());
        }
        MonthRowKey rowKey = new MonthRowKey(month, record.key());
        if (frozenAt == OPEN) {
            rows.put(rowKey, new MonthRow(row, null));
            if (due) {
                close(month, record.timestamp()); // this row may have been the last estimated one
            }
            return;
        }
        MonthRow before = rows.get(rowKey);
        CostAmounts frozen = before == null || before.frozen() == null
                ? CostAmounts.zero(row.amounts().currency())
                : before.frozen();
        rows.put(rowKey, new MonthRow(row, frozen));
        CostRestatement diff = new CostRestatement(
                row.tenant(),
                row.account(),
                month,
                row.day(),
                row.service(),
                row.recordType(),
                row.category(),
                FIRST_FROZEN_VERSION,
                frozen,
                row.amounts(),
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
        due.forEach(m -> close(m, streamTime));
    }

    /**
     * Freezes every row of the month at its current value, unless a row is still estimated (AWS has not finished
     * the month: it stays open and a later record or punctuation tries again). Returns whether it closed. The
     * freeze is stamped with the stream time it happened at (never before the finalisation day).
     */
    private boolean close(YearMonth month, long now) {
        Instant at = Instant.ofEpochMilli(Math.max(closeInstant(month).toEpochMilli(), now));
        List<KeyValue<MonthRowKey, MonthRow>> open = new ArrayList<>();
        try (KeyValueIterator<MonthRowKey, MonthRow> it = rows.prefixScan(month, MonthRowKey.MONTH_PREFIX)) {
            while (it.hasNext()) {
                KeyValue<MonthRowKey, MonthRow> kv = it.next();
                if (kv.value.current().estimated()
                        && !PulledLines.isZero(kv.value.current().amounts())) {
                    return false;
                }
                open.add(kv);
            }
        }
        for (KeyValue<MonthRowKey, MonthRow> kv : open) {
            TenantDailyCost row = kv.value.current();
            rows.put(kv.key, new MonthRow(row, row.amounts()));
            MonthClose close = new MonthClose(month, row, FIRST_FROZEN_VERSION, at);
            context.forward(new Record<>(close.key(), new CloseEvent(close, null), at.toEpochMilli()));
        }
        months.put(month.toString(), at.toEpochMilli());
        return true;
    }

    Instant closeInstant(YearMonth month) {
        return month.plusMonths(1).atDay(closeDay).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
