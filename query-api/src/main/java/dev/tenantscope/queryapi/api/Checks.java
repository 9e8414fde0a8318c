package dev.tenantscope.queryapi.api;

import java.util.List;
import java.util.Objects;

/** The checks the records' compact constructors share; a failure names the record and the property. */
final class Checks {
    private Checks() {}

    static <T> T present(T value, String property) {
        return Objects.requireNonNull(value, () -> property + ": expected a value, got null");
    }

    static long count(long value, String property) {
        if (value < 0) {
            throw new IllegalArgumentException(property + ": expected a count ≥ 0, got " + value);
        }
        return value;
    }

    /** An immutable copy; null elements are refused. */
    static <T> List<T> list(List<T> value, String property) {
        return List.copyOf(present(value, property));
    }
}
