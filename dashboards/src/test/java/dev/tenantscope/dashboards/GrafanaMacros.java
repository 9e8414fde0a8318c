package dev.tenantscope.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands what Grafana and the ClickHouse data source plugin (grafana-clickhouse-datasource 4.x) expand
 * before a panel's SQL reaches ClickHouse: the plugin's macros, written to produce the same SQL the plugin
 * does, and template variables. Anything left that looks like a macro or variable is an error, so a
 * dashboard cannot use one this test does not understand.
 */
final class GrafanaMacros {
    private static final Pattern MACRO = Pattern.compile("\\$__([A-Za-z_]+)");
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern LEFTOVER = Pattern.compile("\\$\\{?[A-Za-z_]");
    private static final Pattern RELATIVE = Pattern.compile("^now(?:-(\\d+)([smhdwMy]))?$");
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    /** A panel's time range and the interval Grafana would pick for it. */
    record TimeRange(Instant from, Instant to, Duration interval) {
        /**
         * {@code now-24h} … {@code now}, relative to {@code now}; the interval is the range over ~1000 points
         * (Grafana divides by the panel's width in pixels), at least one second.
         */
        static TimeRange relative(String from, String to, Instant now) {
            Instant f = resolve(from, now);
            Instant t = resolve(to, now);
            if (!f.isBefore(t)) {
                throw new IllegalArgumentException("time range from " + from + " is not before " + to);
            }
            long seconds = Math.max(1, Duration.between(f, t).toSeconds() / 1000);
            return new TimeRange(f, t, Duration.ofSeconds(seconds));
        }

        private static Instant resolve(String expr, Instant now) {
            Matcher m = RELATIVE.matcher(expr);
            if (!m.matches()) {
                throw new IllegalArgumentException("time '" + expr + "': expected now or now-<n><s|m|h|d|w|M|y>");
            }
            if (m.group(1) == null) {
                return now;
            }
            long n = Long.parseLong(m.group(1));
            Duration unit = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                case "d" -> Duration.ofDays(1);
                case "w" -> Duration.ofDays(7);
                case "M" -> Duration.ofDays(30);
                default -> Duration.ofDays(365);
            };
            return now.minus(unit.multipliedBy(n));
        }
    }

    private GrafanaMacros() {}

    /** Expands macros, then variables ({@code $v}, {@code ${v}}, {@code ${v:singlequote}}, {@code ${v:raw}}). */
    static String expand(String sql, TimeRange range, Map<String, String> variables) {
        String expanded = expandVariables(expandMacros(sql, range), variables);
        Matcher leftover = LEFTOVER.matcher(expanded);
        if (leftover.find()) {
            int at = leftover.start();
            throw new IllegalArgumentException("unexpanded macro or variable at '"
                    + expanded.substring(at, Math.min(expanded.length(), at + 30)) + "' in:\n" + expanded);
        }
        return expanded;
    }

    static String expandMacros(String sql, TimeRange range) {
        StringBuilder out = new StringBuilder();
        Matcher m = MACRO.matcher(sql);
        int pos = 0;
        while (m.find(pos)) {
            out.append(sql, pos, m.start());
            String name = m.group(1);
            int end = m.end();
            List<String> args = List.of();
            if (end < sql.length() && sql.charAt(end) == '(') {
                int close = matchingParen(sql, end);
                args = splitArgs(sql.substring(end + 1, close));
                end = close + 1;
            }
            out.append(macro(name, args, range));
            pos = end;
        }
        return out.append(sql.substring(pos)).toString();
    }

    private static String macro(String name, List<String> args, TimeRange r) {
        return switch (name) {
            case "fromTime" -> dateTime(r.from());
            case "toTime" -> dateTime(r.to());
            case "fromTime_ms" -> dateTime64(r.from());
            case "toTime_ms" -> dateTime64(r.to());
            case "timeFilter" -> between(one(name, args), dateTime(r.from()), dateTime(r.to()));
            case "timeFilter_ms" -> between(one(name, args), dateTime64(r.from()), dateTime64(r.to()));
            case "dateFilter" -> between(one(name, args), date(r.from()), date(r.to()));
            case "dateTimeFilter", "dt" -> {
                if (args.size() != 2) {
                    throw new IllegalArgumentException("$__" + name + " takes (dateColumn, timeColumn), got " + args);
                }
                yield "(" + between(args.get(0), date(r.from()), date(r.to())) + ") AND ("
                        + between(args.get(1), dateTime(r.from()), dateTime(r.to())) + ")";
            }
            case "timeInterval" ->
                "toStartOfInterval(toDateTime(" + one(name, args) + "), INTERVAL "
                        + Math.max(1, r.interval().toSeconds()) + " second)";
            case "timeInterval_ms" ->
                "toStartOfInterval(toDateTime64(" + one(name, args) + ", 3), INTERVAL "
                        + Math.max(1, r.interval().toMillis()) + " millisecond)";
            case "interval_s" -> Long.toString(Math.max(1, r.interval().toSeconds()));
            default ->
                throw new IllegalArgumentException("macro $__" + name + " is not one the ClickHouse plugin"
                        + " expands (fromTime, toTime, timeFilter, dateFilter, dateTimeFilter, timeInterval, interval_s,"
                        + " and their _ms forms)");
        };
    }

    private static String expandVariables(String sql, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(3);
            String format = m.group(2);
            String value = variables.get(name);
            if (value == null) {
                throw new IllegalArgumentException(
                        "variable $" + name + " has no value (known: " + variables.keySet() + ")");
            }
            String replacement = switch (format == null ? "raw" : format) {
                case "raw" -> value;
                case "singlequote" -> "'" + value.replace("'", "\\'") + "'";
                case "sqlstring" -> "'" + value.replace("'", "''") + "'";
                default -> throw new IllegalArgumentException("variable format :" + format + " is not supported");
            };
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String one(String name, List<String> args) {
        if (args.size() != 1) {
            throw new IllegalArgumentException("$__" + name + " takes one column, got " + args);
        }
        return args.get(0);
    }

    private static String between(String column, String from, String to) {
        return column + " >= " + from + " AND " + column + " <= " + to;
    }

    private static String dateTime(Instant t) {
        return "toDateTime(" + t.getEpochSecond() + ")";
    }

    private static String dateTime64(Instant t) {
        return "fromUnixTimestamp64Milli(" + t.toEpochMilli() + ")";
    }

    private static String date(Instant t) {
        return "toDate('" + DATE.format(t) + "')";
    }

    private static int matchingParen(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced parentheses after position " + open + " in: " + s);
    }

    private static List<String> splitArgs(String inside) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < inside.length(); i++) {
            char c = inside.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(inside.substring(start, i).trim());
                start = i + 1;
            }
        }
        String last = inside.substring(start).trim();
        if (!last.isEmpty() || !args.isEmpty()) {
            args.add(last);
        }
        return args;
    }
}
