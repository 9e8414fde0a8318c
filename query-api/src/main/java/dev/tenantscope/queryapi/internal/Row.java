package dev.tenantscope.queryapi.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * One result row of an API query (JSONEachRow), read by column name. A missing column or a value of the
 * wrong kind is a bug in the query, reported with the column and the value.
 */
public record Row(ObjectNode node) {
    /** ClickHouse's text form of {@code DateTime} and {@code DateTime64(3)}, always UTC here. */
    private static final DateTimeFormatter ENGINE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss[.SSS]");

    private JsonNode value(String column) {
        JsonNode v = node.get(column);
        if (v == null) {
            throw new IllegalStateException("column " + column + " missing from the row " + node);
        }
        return v;
    }

    private IllegalStateException wrong(String column, String expected) {
        return new IllegalStateException("column " + column + ": expected " + expected + ", got " + node.get(column));
    }

    public String text(String column) {
        JsonNode v = value(column);
        if (!v.isTextual()) {
            throw wrong(column, "text");
        }
        return v.textValue();
    }

    /** Text, or null for SQL NULL and for '' (what a LEFT JOIN without a match gives). */
    public @Nullable String textOrNull(String column) {
        JsonNode v = value(column);
        if (v.isNull()) {
            return null;
        }
        String s = text(column);
        return s.isEmpty() ? null : s;
    }

    public long integer(String column) {
        JsonNode v = value(column);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw wrong(column, "a 64-bit integer");
        }
        return v.longValue();
    }

    public BigDecimal decimal(String column) {
        JsonNode v = value(column);
        if (!v.isNumber()) {
            throw wrong(column, "a decimal");
        }
        return v.decimalValue();
    }

    public double number(String column) {
        JsonNode v = value(column);
        if (!v.isNumber()) {
            throw wrong(column, "a number");
        }
        return v.doubleValue();
    }

    public LocalDate date(String column) {
        try {
            return LocalDate.parse(text(column));
        } catch (DateTimeParseException e) {
            throw wrong(column, "a date YYYY-MM-DD");
        }
    }

    public Instant instant(String column) {
        Instant t = instantOrNull(column);
        if (t == null) {
            throw wrong(column, "a timestamp");
        }
        return t;
    }

    public @Nullable Instant instantOrNull(String column) {
        JsonNode v = value(column);
        if (v.isNull()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text(column), ENGINE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw wrong(column, "a timestamp yyyy-MM-dd HH:mm:ss[.SSS]");
        }
    }
}
