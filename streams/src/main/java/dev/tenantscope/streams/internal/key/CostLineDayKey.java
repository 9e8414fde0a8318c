package dev.tenantscope.streams.internal.key;

import dev.tenantscope.model.Validate;
import java.time.LocalDate;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One day of one cost line: the key of the day's cost rows while they settle, and of the days due for evaluation.
 * Keys of one line sort by day, so a line's days are one prefix scan, oldest first.
 */
public record CostLineDayKey(CostLineKey line, LocalDate day) {
    public static final KeySerde<CostLineDayKey> SERDE =
            KeySerde.of(CostLineDayKey.class, KeyKind.COST_ANOMALY_DAY, CostLineDayKey::write, CostLineDayKey::read);

    /** The leading bytes of every day key of one line. */
    public static final Serializer<CostLineKey> LINE_PREFIX = (topic, line) -> {
        KeyWriter w = KeyWriter.of(KeyKind.COST_ANOMALY_DAY);
        CostLineKey.write(w, line);
        return w.toBytes();
    };

    public CostLineDayKey {
        Validate.notNull("line", line);
        Validate.notNull("day", day);
    }

    static void write(KeyWriter w, CostLineDayKey k) {
        CostLineKey.write(w, k.line);
        w.date(k.day);
    }

    static CostLineDayKey read(KeyReader r) {
        CostLineKey line = CostLineKey.read(r);
        return new CostLineDayKey(line, r.date("day"));
    }
}
