package dev.tenantscope.model;

import java.util.Objects;

/** Checks shared by the compact constructors: every message names the field, the expectation and the value. */
public final class Validate {
    private static final int SHOWN = 64;

    private Validate() {}

    public static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": required, got null");
        }
        return value;
    }

    public static String notBlank(String field, String value) {
        notNull(field, value);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + ": expected a non-blank string, got '" + value + "'");
        }
        return value;
    }

    public static String maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(field + ": expected at most " + max + " characters, got "
                    + value.length() + " ('" + abbreviate(value) + "')");
        }
        return value;
    }

    public static long notNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + ": expected >= 0, got " + value);
        }
        return value;
    }

    public static double finite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + ": expected a finite number, got " + value);
        }
        return value;
    }

    public static int positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + ": expected > 0, got " + value);
        }
        return value;
    }

    /** Shortens a hostile or huge value before it goes into a message. */
    public static String abbreviate(Object value) {
        String text = Objects.toString(value);
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "…(" + text.length() + " chars)";
    }
}
