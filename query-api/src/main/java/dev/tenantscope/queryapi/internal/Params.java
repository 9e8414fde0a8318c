package dev.tenantscope.queryapi.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A request's query parameters with validating accessors. Every failure is a 400 naming the parameter,
 * the value (abbreviated) and the expected form.
 */
public final class Params {
    static final int MAX_VALUE_CHARS = 256;
    private final Map<String, String> values;

    private Params(Map<String, String> values) {
        this.values = values;
    }

    /** Parses a raw query string, rejecting parameters the route does not take and repeated ones. */
    public static Params parse(String rawQuery, Set<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), "query");
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
                if (!allowed.contains(name)) {
                    throw ApiException.badParameter(
                            abbreviate(name), "unknown parameter; this route takes " + sorted(allowed));
                }
                if (values.putIfAbsent(name, value) != null) {
                    throw ApiException.badParameter(name, "given more than once; give it once");
                }
            }
        }
        return new Params(values);
    }

    private static String decode(String raw, String parameter) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter(parameter, "malformed percent-encoding");
        }
    }

    public String string(String name, String fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        if (v.isBlank() || v.length() > MAX_VALUE_CHARS) {
            throw ApiException.badParameter(name, "expected 1.." + MAX_VALUE_CHARS + " characters, got " + v.length());
        }
        return v;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** One of {@code choices} (case-insensitive), returned lower-case. */
    public String choice(String name, String fallback, Set<String> choices) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (!choices.contains(lower)) {
            throw ApiException.badParameter(
                    name, "expected one of " + sorted(choices) + ", got '" + abbreviate(v) + "'");
        }
        return lower;
    }

    /** One of {@code fallback}'s enum constants by its lower-case name (case-insensitive). */
    public <E extends Enum<E>> E choice(String name, E fallback) {
        Map<String, E> byName = new LinkedHashMap<>();
        for (E e : fallback.getDeclaringClass().getEnumConstants()) {
            byName.put(e.name().toLowerCase(Locale.ROOT), e);
        }
        return byName.get(choice(name, fallback.name().toLowerCase(Locale.ROOT), byName.keySet()));
    }

    public LocalDate date(String name, LocalDate fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            LocalDate d = LocalDate.parse(v);
            if (d.getYear() < 1970 || d.getYear() > 2148) {
                throw ApiException.badParameter(name, "expected a date between 1970-01-01 and 2148-12-31");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter(name, "expected a date YYYY-MM-DD, got '" + abbreviate(v) + "'");
        }
    }

    public YearMonth month(String name, YearMonth fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            YearMonth m = YearMonth.parse(v);
            if (m.getYear() < 1970 || m.getYear() > 2148) {
                throw ApiException.badParameter(name, "expected a month between 1970-01 and 2148-12");
            }
            return m;
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter(name, "expected a month YYYY-MM, got '" + abbreviate(v) + "'");
        }
    }

    public int integer(String name, int fallback, int min, int max) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw ApiException.badParameter(name, "expected " + min + ".." + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badParameter(name, "expected a whole number, got '" + abbreviate(v) + "'");
        }
    }

    /** Checks {@code from ≤ to} and that the inclusive range spans at most {@code maxDays}. */
    public static void checkRange(String fromName, LocalDate from, String toName, LocalDate to, int maxDays) {
        if (from.isAfter(to)) {
            throw ApiException.badParameter(fromName, "must not be after " + toName + " (" + from + " > " + to + ")");
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > maxDays) {
            throw ApiException.badParameter(
                    toName, "range " + from + ".." + to + " spans " + days + " days; at most " + maxDays + " allowed");
        }
    }

    /** Checks {@code from ≤ to} and that the inclusive month range spans at most {@code maxMonths}. */
    public static void checkMonths(String fromName, YearMonth from, String toName, YearMonth to, int maxMonths) {
        if (from.isAfter(to)) {
            throw ApiException.badParameter(fromName, "must not be after " + toName + " (" + from + " > " + to + ")");
        }
        long months = ChronoUnit.MONTHS.between(from, to) + 1;
        if (months > maxMonths) {
            throw ApiException.badParameter(
                    toName, "range " + from + ".." + to + " spans " + months + " months; at most " + maxMonths);
        }
    }

    static String abbreviate(String v) {
        return v.length() <= 64 ? v : v.substring(0, 61) + "…";
    }

    private static String sorted(Set<String> set) {
        return set.stream().sorted().toList().toString();
    }
}
