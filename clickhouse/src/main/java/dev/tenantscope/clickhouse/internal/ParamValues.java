package dev.tenantscope.clickhouse.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Encodes {@code {name:Type}} parameter values the way ClickHouse reads them, so a caller's string
 * round-trips as the same data on both engines.
 *
 * <p>ClickHouse parses a parameter value with the type's "escaped" text form (as in TabSeparated). For
 * scalar types that means a backslash, tab, newline or NUL in the caller's string must be escaped.
 * Composite types ({@code Array}, {@code Tuple}, {@code Map}) are written by the caller in their quoted
 * form ({@code ['a','it\'s']}) and pass through unchanged. A null value is SQL NULL ({@code \N}), for
 * {@code Nullable} placeholders.
 */
public final class ParamValues {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*:\\s*([^{}]+)}");
    private static final Pattern WRAPPER = Pattern.compile("^(?:Nullable|LowCardinality)\\s*\\((.*)\\)$");

    private ParamValues() {}

    public static Map<String, String> encode(String sql, Map<String, String> params) {
        if (params.isEmpty()) {
            return Map.of();
        }
        Map<String, String> types = placeholderTypes(sql);
        Map<String, String> encoded = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            if (name == null) {
                throw new IllegalArgumentException("query parameter names must not be null");
            }
            if (value == null) {
                encoded.put(name, "\\N");
            } else if (isComposite(types.get(name))) {
                encoded.put(name, value);
            } else {
                encoded.put(name, escape(value));
            }
        });
        return encoded;
    }

    static Map<String, String> placeholderTypes(String sql) {
        Map<String, String> types = new HashMap<>();
        Matcher m = PLACEHOLDER.matcher(sql);
        while (m.find()) {
            types.putIfAbsent(m.group(1), m.group(2).strip());
        }
        return types;
    }

    static boolean isComposite(String type) {
        if (type == null) {
            return false;
        }
        String t = type.strip();
        Matcher wrapper = WRAPPER.matcher(t);
        while (wrapper.matches()) {
            t = wrapper.group(1).strip();
            wrapper = WRAPPER.matcher(t);
        }
        String lower = t.toLowerCase(Locale.ROOT);
        return lower.startsWith("array") || lower.startsWith("tuple") || lower.startsWith("map");
    }

    public static String escape(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\0' -> "\\0";
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? value : out.toString();
    }
}
