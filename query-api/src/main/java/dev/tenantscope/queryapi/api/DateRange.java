package dev.tenantscope.queryapi.api;

import static dev.tenantscope.queryapi.api.Checks.present;

import java.time.LocalDate;

/** An inclusive range of days. */
public record DateRange(LocalDate from, LocalDate to) {
    public DateRange {
        present(from, "DateRange.from");
        present(to, "DateRange.to");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("DateRange: from " + from + " is after to " + to);
        }
    }

    /** The first of {@code asOf}'s month through {@code asOf}. */
    public static DateRange monthToDate(LocalDate asOf) {
        return new DateRange(asOf.withDayOfMonth(1), asOf);
    }
}
