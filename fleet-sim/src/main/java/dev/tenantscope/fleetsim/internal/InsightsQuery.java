package dev.tenantscope.fleetsim.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The Logs Insights subset fleet-sim understands: {@code fields …}, {@code filter @message like /re/} (or
 * {@code like "text"}, {@code =~ /re/}), {@code stats count(*) [as x] [by bin(N s|m|h)]}, {@code sort …},
 * {@code limit N}, joined by {@code |}.
 *
 * @param binSeconds 0 when there is no {@code by bin(…)}
 */
public record InsightsQuery(LogModel.Filter filter, boolean stats, String countName, long binSeconds, int limit) {
    private static final Pattern FILTER = Pattern.compile(
            "filter\\s+@message\\s+(?:like|=~)\\s+(?:/(.*)/|\"(.*)\"|'(.*)')\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern STATS = Pattern.compile(
            "stats\\s+count\\(\\s*\\*?\\s*\\)(?:\\s+as\\s+(\\w+))?(?:\\s+by\\s+bin\\(\\s*(\\d+)\\s*([smh])\\s*\\))?\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LIMIT = Pattern.compile("limit\\s+(\\d+)\\s*", Pattern.CASE_INSENSITIVE);

    public static InsightsQuery parse(String query) {
        LogModel.Filter filter = new LogModel.Filter(null);
        boolean stats = false;
        String name = "count(*)";
        long bin = 0;
        int limit = 1000;
        for (String raw : query.split("\\|")) {
            String part = raw.strip();
            if (part.isEmpty()
                    || part.regionMatches(true, 0, "fields", 0, 6)
                    || part.regionMatches(true, 0, "sort", 0, 4)) {
                continue;
            }
            Matcher m;
            if ((m = FILTER.matcher(part)).matches()) {
                String re =
                        m.group(1) != null ? m.group(1) : Pattern.quote(m.group(2) != null ? m.group(2) : m.group(3));
                try {
                    filter = new LogModel.Filter(Pattern.compile(re));
                } catch (PatternSyntaxException e) {
                    throw malformed("bad regular expression in '" + part + "'");
                }
            } else if ((m = STATS.matcher(part)).matches()) {
                stats = true;
                if (m.group(2) != null) {
                    long n = Long.parseLong(m.group(2));
                    bin = n
                            * switch (m.group(3).toLowerCase(java.util.Locale.ROOT)) {
                                case "s" -> 1;
                                case "m" -> 60;
                                default -> 3600;
                            };
                    if (bin < 60 || bin % 60 != 0) {
                        throw malformed(
                                "fleet-sim supports bin() of whole minutes, got bin(" + m.group(2) + m.group(3) + ")");
                    }
                    name = m.group(1) != null ? m.group(1) : "count(*)";
                } else if (m.group(1) != null) {
                    name = m.group(1);
                }
            } else if ((m = LIMIT.matcher(part)).matches()) {
                limit = (int) Math.min(10_000, Long.parseLong(m.group(1)));
            } else {
                throw malformed("unsupported command '" + part + "': fleet-sim understands fields, filter @message "
                        + "like /re/, stats count(*) [by bin(Nm)], sort and limit");
            }
        }
        return new InsightsQuery(filter, stats, name, bin, limit);
    }

    private static SimError malformed(String message) {
        return new SimError(400, "MalformedQueryException", message);
    }
}
