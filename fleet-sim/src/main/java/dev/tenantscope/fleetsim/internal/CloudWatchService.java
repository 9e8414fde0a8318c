package dev.tenantscope.fleetsim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** CloudWatch GetMetricData and ListMetrics over the caller's account-level metrics. */
final class CloudWatchService {
    static final int MAX_QUERIES = 500;
    static final int MAX_DATAPOINTS = 100_800;
    static final long RETENTION_SECONDS = 455L * 86_400;
    /** Minute values evaluated per page at most, so no request can keep a server thread busy for long. */
    static final long MINUTES_PER_PAGE = 5_000_000;

    private static final Pattern ID = Pattern.compile("[a-z][a-zA-Z0-9_]{0,254}");

    private final Sim sim;

    CloudWatchService(Sim sim) {
        this.sim = sim;
    }

    ObjectNode call(Call c) {
        return switch (c.operation()) {
            case "GetMetricData" -> getMetricData(c);
            case "ListMetrics" -> listMetrics(c);
            default -> throw unknown(c);
        };
    }

    static SimError unknown(Call c) {
        return c.protocol() == Protocol.QUERY
                ? new SimError(
                        400, "InvalidAction", "Could not find operation " + c.operation() + " for version 2010-08-01")
                : new SimError(400, "UnknownOperationException", "Unknown operation " + c.operation());
    }

    private record Query(String id, String label, Metric metric, String stat, int period, boolean returnData) {}

    private ObjectNode getMetricData(Call c) {
        JsonNode queries = c.input().path("MetricDataQueries");
        if (!queries.isArray() || queries.isEmpty()) {
            throw new SimError(400, "ValidationError", "The parameter MetricDataQueries is required.");
        }
        if (queries.size() > MAX_QUERIES) {
            throw new SimError(
                    400,
                    "ValidationError",
                    "1 validation error detected: Value at 'metricDataQueries' "
                            + "failed to satisfy constraint: Member must have length less than or equal to "
                            + MAX_QUERIES);
        }
        Instant start = Codecs.instant(c.input(), "StartTime", "InvalidParameterValue");
        Instant end = Codecs.instant(c.input(), "EndTime", "InvalidParameterValue");
        if (start == null || end == null) {
            throw new SimError(400, "ValidationError", "The parameters StartTime and EndTime are required.");
        }
        if (!start.isBefore(end)) {
            throw new SimError(
                    400, "InvalidParameterValue", "The parameter StartTime must be less than the parameter EndTime.");
        }
        int maxDatapoints = c.integer("MaxDatapoints", MAX_DATAPOINTS, 1, MAX_DATAPOINTS, "InvalidParameterValue");
        boolean ascending = "TimestampAscending".equals(c.text("ScanBy"));
        List<Query> parsed = new ArrayList<>(queries.size());
        for (JsonNode q : queries) {
            parsed.add(parse(q));
        }
        c.meter().metricsRequested(parsed.stream().filter(Query::returnData).count());
        // the token is "query:bucket": a page cut by the datapoint limit resumes inside a query's series
        int from = 0;
        long skip = 0;
        String token = c.text("NextToken");
        if (token != null && !token.isEmpty()) {
            String[] pos = Codecs.untoken(token, "InvalidNextToken").split(":", -1);
            try {
                from = Integer.parseInt(pos[0]);
                skip = pos.length > 1 ? Long.parseLong(pos[1]) : 0;
            } catch (NumberFormatException e) {
                throw new SimError(400, "InvalidNextToken", "The service couldn't process the NextToken.");
            }
            if (from < 0 || from >= parsed.size() || skip < 0 || pos.length > 2) {
                throw new SimError(400, "InvalidNextToken", "The service couldn't process the NextToken.");
            }
        }
        // CloudWatch keeps 15 months; clipping also bounds the work one query can ask for
        long s = Math.max(start.getEpochSecond(), c.now() - RETENTION_SECONDS), e = end.getEpochSecond();
        Map<String, String> denied = sim.faults.get().metricResultFaults();
        ObjectNode out = Codecs.object();
        ArrayNode results = out.putArray("MetricDataResults");
        long budget = maxDatapoints;
        long minuteBudget = MINUTES_PER_PAGE;
        String next = null;
        for (int i = from; i < parsed.size(); i++, skip = 0) {
            Query q = parsed.get(i);
            if (!q.returnData) {
                continue;
            }
            String fault = q.metric == null ? null : denied.get(q.metric.namespace);
            if (fault != null) {
                results.add(failedResult(q, fault));
                continue;
            }
            long first = Math.floorDiv(s, q.period) * q.period;
            long buckets = Math.max(0, (e - first + q.period - 1) / q.period) - skip;
            long allowed = Math.min(budget, minuteBudget / (q.period / 60));
            if (allowed <= 0) {
                next = i + ":" + skip; // the next page starts here
                break;
            }
            long served = Math.min(buckets, allowed);
            budget -= served;
            minuteBudget -= served * (q.period / 60);
            boolean cut = served < buckets;
            results.add(series(c, q, first, e, ascending, skip, served, cut));
            if (cut) {
                next = i + ":" + (skip + served); // PartialData: the rest of this series is on the next page
                break;
            }
        }
        out.putArray("Messages");
        if (next != null) {
            out.put("NextToken", Codecs.token(next));
        }
        return out;
    }

    /**
     * A result refused by policy (Forbidden, as an SCP deny of the namespace answers) or failed inside CloudWatch
     * (InternalError): no datapoints, the status and a message, while the other results of the call are served.
     */
    private static ObjectNode failedResult(Query q, String status) {
        ObjectNode r = Codecs.object();
        r.put("Id", q.id);
        r.put("Label", q.label);
        r.putArray("Timestamps");
        r.putArray("Values");
        r.put("StatusCode", status);
        ObjectNode m = r.putArray("Messages").addObject();
        m.put("Code", status);
        m.put(
                "Value",
                status.equals("Forbidden")
                        ? "Access to namespace " + q.metric.namespace + " is denied by policy (fleet-sim fault)"
                        : "An internal error occurred reading " + q.metric.namespace + " (fleet-sim fault)");
        return r;
    }

    /** Buckets [skip, skip + count) of the series in scan order; PartialData when the series goes on. */
    private ObjectNode series(
            Call c, Query q, long first, long end, boolean ascending, long skip, long count, boolean cut) {
        ObjectNode r = Codecs.object();
        r.put("Id", q.id);
        r.put("Label", q.label);
        ArrayNode ts = r.putArray("Timestamps");
        ArrayNode values = r.putArray("Values");
        int unit = c.unit();
        if (q.metric != null && unit >= 0) {
            long now = c.now();
            long last = Math.floorDiv(end - 1, q.period) * q.period;
            for (long k = skip; k < skip + count; k++) {
                long b = ascending ? first + k * q.period : last - k * q.period;
                if (b < first || b > last) {
                    break;
                }
                if (b > now) {
                    continue;
                }
                double v = sim.metrics.aggregate(unit, q.metric, q.stat, b, q.period, now);
                if (!Double.isNaN(v)) {
                    ts.add(Codecs.time(b));
                    values.add(v);
                }
            }
        }
        r.put("StatusCode", cut ? "PartialData" : "Complete");
        return r;
    }

    private static Query parse(JsonNode q) {
        String id = q.path("Id").asText("");
        if (!ID.matcher(id).matches()) {
            throw new SimError(
                    400,
                    "ValidationError",
                    "The value " + id
                            + " for parameter MetricDataQueries.member.Id is not valid: it must start with a lowercase letter"
                            + " and contain only letters, digits and underscores.");
        }
        boolean returnData = !q.has("ReturnData")
                || q.get("ReturnData").asBoolean(true)
                || "true".equals(q.get("ReturnData").asText());
        if (q.hasNonNull("Expression")) {
            throw new SimError(
                    400,
                    "ValidationError",
                    "fleet-sim does not evaluate metric math (query " + id + "): use MetricStat queries");
        }
        JsonNode stat = q.path("MetricStat");
        JsonNode metric = stat.path("Metric");
        String namespace = metric.path("Namespace").asText("");
        String name = metric.path("MetricName").asText("");
        if (namespace.isEmpty() || name.isEmpty()) {
            throw new SimError(
                    400, "ValidationError", "MetricStat.Metric.Namespace and MetricName are required in query " + id);
        }
        Map<String, String> dims = new HashMap<>();
        for (JsonNode d : metric.path("Dimensions")) {
            dims.put(d.path("Name").asText(), d.path("Value").asText());
        }
        String st = stat.path("Stat").asText("");
        if (!MetricModel.knownStat(st)) {
            throw new SimError(400, "InvalidParameterValue", "The value " + st + " for parameter Stat is not valid.");
        }
        int period;
        JsonNode p = stat.path("Period");
        try {
            period = p.isNumber() ? p.asInt() : Integer.parseInt(p.asText());
        } catch (NumberFormatException e) {
            period = -1;
        }
        if (period < 60 || period % 60 != 0) {
            throw new SimError(
                    400,
                    "InvalidParameterValue",
                    "The parameter Period must be a multiple of 60 (fleet-sim has"
                            + " no high-resolution metrics), got " + p.asText());
        }
        String label = q.hasNonNull("Label") ? q.get("Label").asText() : name;
        return new Query(id, label, Metric.find(namespace, name, dims), st, period, returnData);
    }

    private ObjectNode listMetrics(Call c) {
        String namespace = c.text("Namespace");
        String name = c.text("MetricName");
        Map<String, String> wanted = new HashMap<>();
        for (JsonNode d : c.input().path("Dimensions")) {
            wanted.put(
                    d.path("Name").asText(),
                    d.hasNonNull("Value") ? d.get("Value").asText() : null);
        }
        ObjectNode out = Codecs.object();
        ArrayNode metrics = out.putArray("Metrics");
        if (c.unit() >= 0) { // metrics exist where the account runs workload
            for (Metric m : Metric.all()) {
                if ((namespace != null && !namespace.equals(m.namespace))
                        || (name != null && !name.equals(m.metricName))) {
                    continue;
                }
                boolean match = wanted.entrySet().stream()
                        .allMatch(w -> m.dimensions.containsKey(w.getKey())
                                && (w.getValue() == null || w.getValue().equals(m.dimensions.get(w.getKey()))));
                if (!match) {
                    continue;
                }
                ObjectNode o = metrics.addObject();
                o.put("Namespace", m.namespace);
                o.put("MetricName", m.metricName);
                ArrayNode dims = o.putArray("Dimensions");
                m.dimensions.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .forEach(d -> {
                            ObjectNode dn = dims.addObject();
                            dn.put("Name", d.getKey());
                            dn.put("Value", d.getValue());
                        });
            }
        }
        String token = c.text("NextToken");
        if (token != null && !token.isEmpty()) {
            Codecs.untoken(token, "InvalidNextToken");
            metrics.removeAll(); // everything fits on the first page
        }
        return out;
    }
}
