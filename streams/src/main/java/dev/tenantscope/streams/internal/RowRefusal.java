package dev.tenantscope.streams.internal;

import dev.tenantscope.clickhouse.ClickHouseException;
import java.util.Set;

/**
 * Whether a failed insert is ClickHouse refusing the rows themselves (a value it cannot parse or store), which no
 * retry will cure, as opposed to ClickHouse being unavailable or misconfigured, which a retry will. Only the former
 * makes the sink look for the refused rows and set them aside; anything it does not recognise is retried.
 */
final class RowRefusal {
    private static final Set<String> REFUSED = Set.of(
            "TYPE_MISMATCH",
            "INCORRECT_DATA",
            "VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE",
            "CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN",
            "ARGUMENT_OUT_OF_BOUND",
            "DECIMAL_OVERFLOW",
            "UNKNOWN_ELEMENT_IN_ENUM",
            "INCORRECT_NUMBER_OF_COLUMNS",
            "TOO_LARGE_STRING_SIZE",
            "CANNOT_CONVERT_TYPE");

    private RowRefusal() {}

    static boolean isRefusal(RuntimeException e) {
        return e instanceof ClickHouseException ch
                && (ch.name().startsWith("CANNOT_PARSE") || REFUSED.contains(ch.name()));
    }
}
