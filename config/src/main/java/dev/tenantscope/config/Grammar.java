package dev.tenantscope.config;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grammar of scalar values, each as a parser (text → value, or {@link IllegalArgumentException} whose message is
 * the expected form) and a printer of the canonical text that parses back to the same value.
 */
public final class Grammar {
    public static final String DURATION_FORM = "a duration such as 500ms, 30s, 15m, 1h30m, 7d or PT15M";
    public static final String SIZE_FORM = "a size such as 104857600, 64KB, 100MB or 1GB";
    public static final String PERCENT_FORM = "a percentage such as 80% (or a fraction such as 0.8)";
    public static final String MONEY_FORM = "an amount in USD such as 0.10, $0.10 or 0.10 USD";

    private static final Pattern SHORT_DURATION =
            Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final Pattern BARE_NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(?:([KMGT])(?:I?B)|(B))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    private static final Pattern OTHER_CURRENCY = Pattern.compile("[^A-Za-z]*\\d\\s*[A-Za-z]{3}");
    private static final Pattern USD = Pattern.compile("\\$?\\s*([-+]?[0-9.]+)\\s*(?:USD)?", Pattern.CASE_INSENSITIVE);

    private Grammar() {}

    /** A refusal with advice more specific than the expected form (e.g. "add a unit"). */
    public static final class Hint extends IllegalArgumentException {
        public Hint(String message) {
            super(message);
        }
    }

    public static Duration duration(String text) {
        if (BARE_NUMBER.matcher(text).matches()) {
            throw new Hint("a duration with a unit, such as " + text + "s or " + text + "m (a bare number has none)");
        }
        Matcher m = SHORT_DURATION.matcher(text);
        if (!text.isEmpty() && m.matches()) {
            try {
                Duration d = Duration.ZERO;
                d = d.plus(Duration.ofDays(part(m, 1)));
                d = d.plus(Duration.ofHours(part(m, 2)));
                d = d.plus(Duration.ofMinutes(part(m, 3)));
                d = d.plus(Duration.ofSeconds(part(m, 4)));
                return d.plus(Duration.ofMillis(part(m, 5)));
            } catch (ArithmeticException | NumberFormatException e) {
                throw new Hint(DURATION_FORM + " (this one is too long)");
            }
        }
        if (text.startsWith("P") || text.startsWith("p")) {
            try {
                Duration d = Duration.parse(text);
                if (!d.isNegative()) {
                    return d;
                }
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(DURATION_FORM);
    }

    private static long part(Matcher m, int group) {
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }

    /** {@code 1h30m}, {@code 7d}, {@code 500ms}; {@code 0s} for zero. */
    public static String durationText(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.isNegative() || d.toNanosPart() % 1_000_000 != 0) {
            return d.toString();
        }
        StringBuilder s = new StringBuilder();
        append(s, d.toDaysPart(), "d");
        append(s, d.toHoursPart(), "h");
        append(s, d.toMinutesPart(), "m");
        append(s, d.toSecondsPart(), "s");
        append(s, d.toMillisPart(), "ms");
        return s.toString();
    }

    private static void append(StringBuilder s, long n, String unit) {
        if (n != 0) {
            s.append(n).append(unit);
        }
    }

    /** Bytes; KB, MB, GB and TB are binary (1024), like KiB, MiB, GiB and TiB. */
    public static long size(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(SIZE_FORM);
        }
        int shift = m.group(2) == null
                ? 0
                : 10 * ("KMGT".indexOf(m.group(2).toUpperCase(Locale.ROOT).charAt(0)) + 1);
        try {
            long n = Long.parseLong(m.group(1));
            if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
                throw new ArithmeticException();
            }
            return n << shift;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new Hint(SIZE_FORM + " (this one is too large)");
        }
    }

    public static String sizeText(long bytes) {
        String[] units = {"TB", "GB", "MB", "KB"};
        for (int i = 0; i < units.length; i++) {
            int shift = 10 * (units.length - i);
            if (bytes != 0 && bytes % (1L << shift) == 0) {
                return (bytes >> shift) + units[i];
            }
        }
        return Long.toString(bytes);
    }

    /** {@code 80%} or {@code 0.8} → 0.8. */
    public static double percent(String text) {
        try {
            BigDecimal v = text.endsWith("%")
                    ? new BigDecimal(text.substring(0, text.length() - 1).strip()).movePointLeft(2)
                    : new BigDecimal(text);
            if (!text.endsWith("%") && v.compareTo(BigDecimal.ONE) > 0) {
                throw new Hint(
                        PERCENT_FORM + "; a bare number above 1 is ambiguous, write " + text + "% if you mean it");
            }
            return v.doubleValue();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PERCENT_FORM);
        }
    }

    public static String percentText(double fraction) {
        return BigDecimal.valueOf(fraction)
                        .movePointRight(2)
                        .stripTrailingZeros()
                        .toPlainString() + "%";
    }

    /** {@code 0.10}, {@code $0.10} or {@code 0.10 USD}. */
    public static BigDecimal money(String text) {
        Matcher m = USD.matcher(text);
        if (!m.matches()) {
            if (OTHER_CURRENCY.matcher(text).matches()) {
                throw new Hint(MONEY_FORM + " (other currencies are not modelled)");
            }
            throw new IllegalArgumentException(MONEY_FORM);
        }
        try {
            return new BigDecimal(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MONEY_FORM);
        }
    }

    public static String moneyText(BigDecimal usd) {
        return "$" + usd.toPlainString();
    }

    public static long integer(String text) {
        if (!INTEGER.matcher(text).matches()) {
            throw new IllegalArgumentException("a whole number");
        }
        try {
            return Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
        } catch (NumberFormatException e) {
            throw new Hint("a whole number (this one is too large)");
        }
    }

    public static double number(String text) {
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("a number such as 50 or 0.5");
    }

    public static String numberText(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).toPlainString();
    }

    public static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("true or false");
        };
    }

    /** An http(s) URL with a host. */
    public static URI httpUrl(String text) {
        try {
            URI u = new URI(text);
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                return u;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("an http(s) URL such as http://127.0.0.1:4566");
    }
}
