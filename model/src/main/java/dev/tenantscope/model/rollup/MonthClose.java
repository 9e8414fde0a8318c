package dev.tenantscope.model.rollup;

import dev.tenantscope.model.Validate;
import java.time.Instant;
import java.time.YearMonth;

/**
 * One daily cost row as frozen when its month closed.
 *
 * @param frozenVersion the close's version (1 for the first close of the month)
 */
public record MonthClose(YearMonth month, TenantDailyCost row, long frozenVersion, Instant frozenAt) {
    public MonthClose {
        Validate.notNull("month", month);
        Validate.notNull("row", row);
        if (!YearMonth.from(row.day()).equals(month)) {
            throw new IllegalArgumentException("row.day: expected a day in " + month + ", got " + row.day());
        }
        if (frozenVersion <= 0) {
            throw new IllegalArgumentException("frozenVersion: expected > 0, got " + frozenVersion);
        }
        Validate.notNull("frozenAt", frozenAt);
    }

    public String key() {
        return month + "|" + row.key();
    }
}
