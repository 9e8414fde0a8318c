package dev.tenantscope.collector.internal.config;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Validate;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Collects every config problem; each parser returns the default on a bad value so binding carries on. */
final class Problems {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private final List<String> list = new ArrayList<>();

    void add(String path, Object value, String expected) {
        list.add(path + ": expected " + expected + ", got '" + Validate.abbreviate(value) + "'");
    }

    void unknown(String path, Map<String, Object> unknown) {
        unknown.keySet()
                .forEach(k -> list.add((path.isEmpty() ? "" : path + ".") + k + ": unknown key (check the spelling)"));
    }

    List<String> all() {
        return list;
    }

    String string(String path, String value, String dflt) {
        if (value == null) {
            return dflt;
        }
        if (value.isBlank()) {
            add(path, value, "a non-blank string");
            return dflt;
        }
        return value.strip();
    }

    int integer(String path, String value, int dflt, int min, int max) {
        if (value == null) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(value.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        add(path, value, "an integer in [" + min + ", " + max + "]");
        return dflt;
    }

    long longValue(String path, String value, long dflt) {
        if (value == null) {
            return dflt;
        }
        try {
            long v = parseBytes(value.strip());
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        add(path, value, "a positive size such as 104857600, 100MB or 1GB");
        return dflt;
    }

    private static long parseBytes(String v) {
        String u = v.toUpperCase(Locale.ROOT);
        long factor = 1;
        for (var suffix : List.of(Map.entry("GB", 1L << 30), Map.entry("MB", 1L << 20), Map.entry("KB", 1L << 10))) {
            if (u.endsWith(suffix.getKey())) {
                factor = suffix.getValue();
                u = u.substring(0, u.length() - 2).strip();
                break;
            }
        }
        return Math.multiplyExact(Long.parseLong(u), factor);
    }

    double positiveDouble(String path, String value, double dflt) {
        if (value == null) {
            return dflt;
        }
        try {
            double v = Double.parseDouble(value.strip());
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        add(path, value, "a positive number such as 50");
        return dflt;
    }

    BigDecimal decimal(String path, String value, BigDecimal dflt) {
        if (value == null) {
            return dflt;
        }
        try {
            BigDecimal v = new BigDecimal(value.strip());
            if (v.signum() >= 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        add(path, value, "a non-negative decimal such as 0.10");
        return dflt;
    }

    boolean bool(String path, String value, boolean dflt) {
        if (value == null) {
            return dflt;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                add(path, value, "true or false");
                yield dflt;
            }
        };
    }

    Duration duration(String path, String value, Duration dflt) {
        if (value == null) {
            return dflt;
        }
        String v = value.strip();
        Matcher m = SHORT_DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (!d.isZero()) {
                return d;
            }
        } else {
            try {
                Duration d = Duration.parse(v);
                if (!d.isNegative() && !d.isZero()) {
                    return d;
                }
            } catch (RuntimeException ignored) {
                // reported below
            }
        }
        add(path, value, "a positive duration such as 30s, 15m, 1h, 1d or PT15M");
        return dflt;
    }

    <E extends Enum<E>> E enumValue(String path, String value, E dflt, Class<E> type) {
        if (value == null) {
            return dflt;
        }
        String norm = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(norm)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        add(path, value, "one of " + names);
        return dflt;
    }

    URI uri(String path, String value) {
        if (value == null) {
            return null;
        }
        try {
            URI u = URI.create(value.strip());
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                return u;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        add(path, value, "an http(s) URL such as http://127.0.0.1:4566");
        return null;
    }

    AccountId account(String path, String value) {
        if (value == null) {
            return null;
        }
        try {
            return AccountId.of(value.strip());
        } catch (IllegalArgumentException e) {
            add(path, value, "a 12-digit AWS account id");
            return null;
        }
    }
}
