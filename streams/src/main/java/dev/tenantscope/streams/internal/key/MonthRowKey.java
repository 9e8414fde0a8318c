package dev.tenantscope.streams.internal.key;

import dev.tenantscope.model.Validate;
import java.time.YearMonth;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A daily cost row within its month, for the month close: the month comes first, so closing a month is one
 * prefix scan ({@link #MONTH_PREFIX}).
 */
public record MonthRowKey(YearMonth month, DailyCostKey row) {
    public static final KeySerde<MonthRowKey> SERDE =
            KeySerde.of(MonthRowKey.class, KeyKind.MONTH_ROW, MonthRowKey::write, MonthRowKey::read);

    /** The leading bytes of every row key of one month. */
    public static final Serializer<YearMonth> MONTH_PREFIX =
            (topic, month) -> KeyWriter.of(KeyKind.MONTH_ROW).month(month).toBytes();

    public MonthRowKey {
        Validate.notNull("month", month);
        Validate.notNull("row", row);
    }

    static void write(KeyWriter w, MonthRowKey k) {
        w.month(k.month);
        DailyCostKey.write(w, k.row);
    }

    static MonthRowKey read(KeyReader r) {
        YearMonth month = r.month("month");
        return new MonthRowKey(month, DailyCostKey.read(r));
    }
}
