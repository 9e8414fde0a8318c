package dev.tenantscope.streams.internal.key;

import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.Validate;
import java.time.LocalDate;
import java.util.EnumSet;

/**
 * The keys of the shared-cost usage store, which keeps the usage weights: each workload line's latest amount
 * ({@link Line}), and each tenant's workload total of a day ({@link DayTotal}).
 */
public sealed interface SharedUsageKey {
    KeySerde<SharedUsageKey> SERDE = KeySerde.ofKinds(
            SharedUsageKey.class,
            EnumSet.of(KeyKind.SHARED_USAGE_LINE, KeyKind.SHARED_USAGE_TOTAL),
            SharedUsageKey::write,
            SharedUsageKey::read);

    /** A workload line (its own key: no receiver). */
    record Line(CostKey line) implements SharedUsageKey {
        public Line {
            Validate.notNull("line", line);
        }
    }

    record DayTotal(LocalDate day, TenantId tenant) implements SharedUsageKey {
        public DayTotal {
            Validate.notNull("day", day);
            Validate.notNull("tenant", tenant);
        }
    }

    private static KeyWriter write(SharedUsageKey key) {
        return switch (key) {
            case Line l -> {
                KeyWriter w = KeyWriter.of(KeyKind.SHARED_USAGE_LINE);
                CostKey.write(w, l.line());
                yield w;
            }
            case DayTotal t ->
                KeyWriter.of(KeyKind.SHARED_USAGE_TOTAL)
                        .date(t.day())
                        .string(t.tenant().value());
        };
    }

    private static SharedUsageKey read(KeyReader r) {
        if (r.kind() == KeyKind.SHARED_USAGE_LINE) {
            return new Line(CostKey.read(r));
        }
        LocalDate day = r.date("day");
        return new DayTotal(day, TenantId.of(r.string("tenant")));
    }
}
