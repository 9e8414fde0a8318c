package dev.tenantscope.fleetsim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** CloudWatch Logs FilterLogEvents, DescribeLogGroups and Logs Insights StartQuery/GetQueryResults. */
final class LogsService {
    private static final int MAX_EVENTS = 10_000;
    private static final long MAX_MINUTES_PER_PAGE = 7 * 1440;
    private static final int MAX_QUERIES = 10_000;
    /** logGroupNames / logGroupIdentifiers of one StartQuery (StartQuery API reference). */
    static final int MAX_GROUPS_PER_QUERY = 50;
    /** Concurrent Logs Insights queries per account, the tenant's own dashboards included (CloudWatch Logs quotas). */
    static final int MAX_CONCURRENT_QUERIES = 30;
    /** A query still unread this long after it started has timed out and frees its slot (simulated seconds). */
    static final long QUERY_RUNTIME_LIMIT_SECONDS = 3_600;

    private static final int DESCRIBE_PAGE = 50;
    private static final DateTimeFormatter BIN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private record Stored(
            int account,
            List<Integer> groups,
            long start,
            long end,
            InsightsQuery query,
            long asOf,
            java.util.concurrent.atomic.AtomicBoolean charged,
            java.util.concurrent.atomic.AtomicBoolean running,
            long doneAtWallMs) {}

    private final Sim sim;
    private final Map<String, Stored> queries = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Stored> eldest) {
            return size() > MAX_QUERIES;
        }
    };
    private long querySeq;

    LogsService(Sim sim) {
        this.sim = sim;
    }

    ObjectNode call(Call c) {
        return switch (c.operation()) {
            case "FilterLogEvents" -> filter(c);
            case "DescribeLogGroups" -> describe(c);
            case "StartQuery" -> startQuery(c);
            case "GetQueryResults" -> results(c);
            case "StopQuery" -> stopQuery(c);
            default -> throw new SimError(400, "UnknownOperationException", "Unknown operation " + c.operation());
        };
    }

    private int group(Call c, String name) {
        if (name != null && name.startsWith("arn:")) {
            name = name.substring(name.indexOf(":log-group:") + 11).replaceAll(":\\*$", "");
        }
        int g = c.unit() < 0 ? -1 : sim.logs.groupIndex(c.unit(), name);
        if (g < 0) {
            throw new SimError(400, "ResourceNotFoundException", "The specified log group does not exist: " + name);
        }
        return g;
    }

    private ObjectNode describe(Call c) {
        ObjectNode out = Codecs.object();
        ArrayNode arr = out.putArray("logGroups");
        String prefix = c.text("logGroupNamePrefix");
        int limit = c.integer("limit", DESCRIBE_PAGE, 1, DESCRIBE_PAGE, "InvalidParameterException");
        int from = 0;
        String token = c.text("nextToken");
        if (token != null && !token.isEmpty()) {
            try {
                from = Integer.parseInt(Codecs.untoken(token, "InvalidParameterException"));
            } catch (NumberFormatException e) {
                throw new SimError(400, "InvalidParameterException", "The specified nextToken is invalid.");
            }
        }
        if (c.unit() >= 0) { // a region the account runs nothing in has no log groups
            long created = sim.fleet.account(c.caller().index()).joinedAt().toEpochMilli();
            List<String> matching = sim.logs.groups(c.unit()).stream()
                    .filter(g -> prefix == null || g.startsWith(prefix))
                    .sorted()
                    .toList();
            for (int i = from; i < matching.size() && i < from + limit; i++) {
                String g = matching.get(i);
                ObjectNode o = arr.addObject();
                o.put("logGroupName", g);
                o.put("arn", "arn:aws:logs:" + c.region() + ":" + c.caller().account() + ":log-group:" + g + ":*");
                o.put("creationTime", created);
                o.put("storedBytes", 0);
            }
            if (from + limit < matching.size()) {
                out.put("nextToken", Codecs.token(Integer.toString(from + limit)));
            }
        }
        return out;
    }

    private ObjectNode filter(Call c) {
        String name = c.text("logGroupName") != null ? c.text("logGroupName") : c.text("logGroupIdentifier");
        int g = group(c, name);
        int a = c.unit();
        long now = c.now();
        long startMs = c.input().path("startTime").asLong(Math.max(0, (now - 3600) * 1000));
        long endMs = c.input().hasNonNull("endTime") ? c.input().get("endTime").asLong() : now * 1000;
        if (startMs < 0 || endMs < startMs) {
            throw new SimError(400, "InvalidParameterException", "startTime must be <= endTime (epoch milliseconds)");
        }
        endMs = Math.min(endMs, now * 1000);
        int limit = c.integer("limit", MAX_EVENTS, 1, MAX_EVENTS, "InvalidParameterException");
        String pattern = c.text("filterPattern");
        LogModel.Filter f = new LogModel.Filter(
                pattern == null || pattern.isBlank()
                        ? null
                        : Pattern.compile(Pattern.quote(pattern.strip().replaceAll("^\"|\"$", ""))));
        boolean errorsMatch = f.matches(sim.logs.sample(g, true));
        boolean infosMatch = f.matches(sim.logs.sample(g, false));
        long m = Math.floorDiv(startMs / 1000, 60) * 60;
        int k0 = 0;
        String token = c.text("nextToken");
        if (token != null && !token.isEmpty()) {
            String[] pos = Codecs.untoken(token, "InvalidParameterException").split(",");
            try {
                m = Long.parseLong(pos[0]);
                k0 = Integer.parseInt(pos[1]);
            } catch (RuntimeException e) {
                throw new SimError(400, "InvalidParameterException", "The specified nextToken is invalid.");
            }
        }
        ObjectNode out = Codecs.object();
        ArrayNode events = out.putArray("events");
        long lastMinute = Math.floorDiv(endMs / 1000, 60) * 60;
        long scanned = 0;
        String next = null;
        for (; m <= lastMinute && next == null; m += 60, k0 = 0) {
            if (++scanned > MAX_MINUTES_PER_PAGE) {
                next = Codecs.token(m + ",0");
                break;
            }
            int errors = sim.logs.errors(a, g, m);
            int total = errors + sim.logs.infos(a, g, m);
            for (int k = k0; k < total; k++) {
                boolean error = k < errors;
                if (error ? !errorsMatch : !infosMatch) {
                    continue;
                }
                long ts = LogModel.timestampMs(m, k, total);
                if (ts < startMs || ts >= endMs) {
                    continue;
                }
                if (events.size() == limit) {
                    next = Codecs.token(m + "," + k);
                    break;
                }
                ObjectNode e = events.addObject();
                e.put("logStreamName", "2026/fleet-sim/" + (m / 3600));
                e.put("timestamp", ts);
                e.put("message", sim.logs.line(a, g, m, k, error));
                e.put("ingestionTime", ts + 1500);
                e.put("eventId", c.caller().account() + g + m + String.format("%05d", k));
            }
        }
        out.putArray("searchedLogStreams");
        if (next != null) {
            out.put("nextToken", next);
        }
        return out;
    }

    private ObjectNode startQuery(Call c) {
        List<Integer> groups = new ArrayList<>();
        if (c.text("logGroupName") != null) {
            groups.add(group(c, c.text("logGroupName")));
        }
        for (String f : List.of("logGroupNames", "logGroupIdentifiers")) {
            for (JsonNode n : c.input().path(f)) {
                groups.add(group(c, n.asText()));
            }
        }
        if (groups.isEmpty()) {
            throw new SimError(
                    400, "InvalidParameterException", "logGroupName, logGroupNames or logGroupIdentifiers is required");
        }
        if (groups.size() > MAX_GROUPS_PER_QUERY) {
            throw new SimError(
                    400,
                    "InvalidParameterException",
                    "1 validation error detected: Value at 'logGroupNames' failed to satisfy constraint: Member must"
                            + " have length less than or equal to " + MAX_GROUPS_PER_QUERY + " (got " + groups.size()
                            + "); query more groups with more queries or the SOURCE command");
        }
        Instant start = Codecs.instant(c.input(), "startTime", "InvalidParameterException");
        Instant end = Codecs.instant(c.input(), "endTime", "InvalidParameterException");
        if (start == null || end == null || end.isBefore(start)) {
            throw new SimError(
                    400,
                    "InvalidParameterException",
                    "startTime and endTime (epoch seconds) are required, startTime <= endTime");
        }
        InsightsQuery q = InsightsQuery.parse(c.required("queryString", "InvalidParameterException"));
        String id;
        synchronized (queries) {
            int busy = sim.faults.get().insightsBusySlots() + running(c.unit(), c.now());
            if (busy >= MAX_CONCURRENT_QUERIES) {
                throw new SimError(
                        400,
                        "LimitExceededException",
                        "You have reached the maximum number of concurrent queries (" + MAX_CONCURRENT_QUERIES
                                + " per account, dashboards included)");
            }
            id = String.format("%08x-fs00-4000-8000-%012x", Hash.mix(sim.spec.seed()) & 0xffffffffL, ++querySeq);
            queries.put(
                    id,
                    new Stored(
                            c.unit(),
                            groups,
                            start.getEpochSecond(),
                            end.getEpochSecond(),
                            q,
                            c.now(),
                            new java.util.concurrent.atomic.AtomicBoolean(),
                            new java.util.concurrent.atomic.AtomicBoolean(true),
                            System.currentTimeMillis() + sim.faults.get().insightsQueryRunMillis()));
        }
        ObjectNode out = Codecs.object();
        out.put("queryId", id);
        return out;
    }

    /** Queries of the account still running: started, not read to completion nor stopped, not timed out. */
    private int running(int account, long now) {
        int n = 0;
        for (Stored s : queries.values()) {
            if (s.account == account && s.running.get() && now < s.asOf + QUERY_RUNTIME_LIMIT_SECONDS) {
                n++;
            }
        }
        return n;
    }

    private ObjectNode stopQuery(Call c) {
        String id = c.required("queryId", "InvalidParameterException");
        Stored s;
        synchronized (queries) {
            s = queries.get(id);
        }
        if (s == null || s.account != c.unit()) {
            throw new SimError(400, "ResourceNotFoundException", "Query does not exist: " + id);
        }
        ObjectNode out = Codecs.object();
        out.put("success", s.running.getAndSet(false));
        return out;
    }

    private ObjectNode results(Call c) {
        String id = c.required("queryId", "InvalidParameterException");
        Stored s;
        synchronized (queries) {
            s = queries.get(id);
        }
        if (s == null || s.account != c.unit()) {
            throw new SimError(400, "ResourceNotFoundException", "Query does not exist: " + id);
        }
        if (System.currentTimeMillis() < s.doneAtWallMs) {
            // still running (fault insightsQueryRunMillis): no results yet, as Insights answers a long query
            ObjectNode out = Codecs.object();
            out.putArray("results");
            ObjectNode stats = out.putObject("statistics");
            stats.put("recordsMatched", 0.0);
            stats.put("recordsScanned", 0.0);
            stats.put("bytesScanned", 0.0);
            out.put("status", s.running.get() ? "Running" : "Cancelled");
            return out;
        }
        long matched = 0, records = 0, bytes = 0;
        TreeMap<Long, Long> bins = new TreeMap<>();
        List<long[]> rows = new ArrayList<>(); // raw events for non-stats queries: group, minute, k, error
        long end = Math.min(s.end, s.asOf);
        for (int g : s.groups) {
            boolean errorsMatch = s.query.filter().matches(sim.logs.sample(g, true));
            boolean infosMatch = s.query.filter().matches(sim.logs.sample(g, false));
            int eb = LogModel.lineBytes(g, true), ib = LogModel.lineBytes(g, false);
            for (long m = Math.floorDiv(s.start, 60) * 60; m < end; m += 60) {
                int errors = sim.logs.errors(s.account, g, m);
                int infos = sim.logs.infos(s.account, g, m);
                records += errors + infos;
                bytes += (long) errors * eb + (long) infos * ib;
                long hit = (errorsMatch ? errors : 0) + (infosMatch ? infos : 0);
                matched += hit;
                if (s.query.stats()) {
                    long bin = s.query.binSeconds() == 0
                            ? 0
                            : Math.floorDiv(m, s.query.binSeconds()) * s.query.binSeconds();
                    if (hit > 0) {
                        bins.merge(bin, hit, Long::sum);
                    }
                } else if (rows.size() < s.query.limit()) {
                    for (int k = 0; k < errors + infos && rows.size() < s.query.limit(); k++) {
                        if (k < errors ? errorsMatch : infosMatch) {
                            rows.add(new long[] {g, m, k, k < errors ? 1 : 0});
                        }
                    }
                }
            }
        }
        s.running.set(false); // the first read after it is done completes the query and frees its slot
        if (s.charged.compareAndSet(false, true)) {
            c.meter().bytesScanned(bytes); // Insights bills the scan once per query
        }
        ObjectNode out = Codecs.object();
        ArrayNode results = out.putArray("results");
        if (s.query.stats()) {
            if (s.query.binSeconds() == 0) {
                row(results, s.query.countName(), Long.toString(matched), null, null);
            } else {
                String binName = "bin("
                        + (s.query.binSeconds() % 3600 == 0
                                ? s.query.binSeconds() / 3600 + "h"
                                : s.query.binSeconds() / 60 + "m")
                        + ")";
                bins.entrySet().stream()
                        .limit(s.query.limit())
                        .forEach(e -> row(
                                results,
                                binName,
                                BIN.format(Instant.ofEpochSecond(e.getKey())),
                                s.query.countName(),
                                Long.toString(e.getValue())));
            }
        } else {
            for (long[] r : rows) {
                int g = (int) r[0];
                int total = sim.logs.errors(s.account, g, r[1]) + sim.logs.infos(s.account, g, r[1]);
                row(
                        results,
                        "@timestamp",
                        BIN.format(Instant.ofEpochMilli(LogModel.timestampMs(r[1], (int) r[2], total))),
                        "@message",
                        sim.logs.line(s.account, g, r[1], (int) r[2], r[3] == 1));
            }
        }
        ObjectNode stats = out.putObject("statistics");
        stats.put("recordsMatched", (double) matched);
        stats.put("recordsScanned", (double) records);
        stats.put("bytesScanned", (double) bytes);
        out.put("status", "Complete");
        return out;
    }

    private static void row(ArrayNode results, String f1, String v1, String f2, String v2) {
        ArrayNode r = results.addArray();
        ObjectNode a = r.addObject();
        a.put("field", f1);
        a.put("value", v1);
        if (f2 != null) {
            ObjectNode b = r.addObject();
            b.put("field", f2);
            b.put("value", v2);
        }
    }
}
