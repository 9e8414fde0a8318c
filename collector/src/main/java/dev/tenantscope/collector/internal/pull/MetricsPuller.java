package dev.tenantscope.collector.internal.pull;

import dev.tenantscope.collector.CollectorConfig.MetricSpec;
import dev.tenantscope.collector.internal.aws.Apis;
import dev.tenantscope.collector.internal.aws.Target;
import dev.tenantscope.model.events.MetricSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * Pulls metric sets with GetMetricData, up to 500 queries per call (billed per metric requested, whatever the
 * number of datapoints), and returns every datapoint of the window; {@link #emitNew} drops those already emitted.
 */
public final class MetricsPuller {
    public static final int MAX_QUERIES = 500;
    private final Apis apis;
    private final SeriesLedger ledger;

    public MetricsPuller(Apis apis, SeriesLedger ledger) {
        this.apis = apis;
        this.ledger = ledger;
    }

    /**
     * What one pull got: datapoints of each spec in [start, end), keyed by the spec's position, and the specs
     * whose result failed (Forbidden, InternalError, or PartialData with no page to continue on), which have no
     * datapoints and must not be read as "no activity".
     */
    public record Pulled(Map<Integer, TreeMap<Instant, Double>> points, Map<Integer, ResultFailure> failed) {
        public Pulled {
            points = Map.copyOf(points);
            failed = Map.copyOf(failed);
        }
    }

    /** A MetricDataResult whose StatusCode says its data is missing, with CloudWatch's message. */
    public record ResultFailure(String statusCode, String message) {
        public ResultFailure {
            java.util.Objects.requireNonNull(statusCode, "statusCode");
            message = message == null ? "" : message;
        }
    }

    /** Pulls every spec, following NextToken, including inside a result cut by the datapoint limit. */
    public Pulled pull(Target target, List<MetricSpec> specs, Instant start, Instant end) {
        Map<Integer, TreeMap<Instant, Double>> out = new HashMap<>();
        Map<Integer, ResultFailure> failed = new HashMap<>();
        for (int from = 0; from < specs.size(); from += MAX_QUERIES) {
            int to = Math.min(specs.size(), from + MAX_QUERIES);
            List<MetricDataQuery> queries = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                queries.add(query("m" + i, specs.get(i)));
            }
            // the status of a result is the one on its last page: PartialData is followed by its continuation
            Map<Integer, MetricDataResult> last = new HashMap<>();
            String token = null;
            do {
                GetMetricDataResponse r = apis.getMetricData.call(
                        target,
                        GetMetricDataRequest.builder()
                                .metricDataQueries(queries)
                                .startTime(start)
                                .endTime(end)
                                .scanBy(ScanBy.TIMESTAMP_ASCENDING)
                                .nextToken(token)
                                .build());
                for (MetricDataResult result : r.metricDataResults()) {
                    int idx = Integer.parseInt(result.id().substring(1));
                    last.put(idx, result);
                    TreeMap<Instant, Double> points = out.computeIfAbsent(idx, k -> new TreeMap<>());
                    for (int p = 0;
                            p < result.timestamps().size()
                                    && p < result.values().size();
                            p++) {
                        points.put(result.timestamps().get(p), result.values().get(p));
                    }
                }
                token = r.nextToken();
            } while (token != null && !token.isEmpty());
            last.forEach((idx, result) -> {
                StatusCode status = result.statusCode();
                if (status != null && status != StatusCode.COMPLETE) {
                    failed.put(idx, new ResultFailure(result.statusCodeAsString(), message(result)));
                    out.remove(idx); // an incomplete series is not published as if it were the whole window
                }
            });
        }
        return new Pulled(out, failed);
    }

    private static String message(MetricDataResult r) {
        String m = r.messages().stream()
                .map(d -> d.value() == null ? d.code() : d.value())
                .filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.joining("; "));
        if (!m.isEmpty()) {
            return m;
        }
        return r.statusCode() == StatusCode.PARTIAL_DATA ? "PartialData without a NextToken to continue" : "";
    }

    /** Emits the datapoints not emitted before; returns how many. */
    public int emitNew(
            Target target, List<MetricSpec> specs, Map<Integer, TreeMap<Instant, Double>> points, Sink sink) {
        int emitted = 0;
        for (var e : points.entrySet()) {
            MetricSpec spec = specs.get(e.getKey());
            String key = seriesKey(target, spec);
            for (var point : e.getValue().entrySet()) {
                double v = point.getValue();
                if (Double.isFinite(v) && ledger.firstTime(key, point.getKey(), v)) {
                    sink.metric(new MetricSample(
                            target.account(),
                            target.region(),
                            spec.namespace(),
                            spec.metric(),
                            spec.dimensions(),
                            spec.statistic(),
                            spec.periodSeconds(),
                            point.getKey(),
                            v));
                    emitted++;
                }
            }
        }
        return emitted;
    }

    static String seriesKey(Target t, MetricSpec s) {
        return t.account().value()
                + '|'
                + t.region()
                + '|'
                + s.namespace()
                + '|'
                + s.metric()
                + '|'
                + s.statistic()
                + '|'
                + s.periodSeconds()
                + '|'
                + s.dimensions();
    }

    static MetricDataQuery query(String id, MetricSpec spec) {
        List<Dimension> dims = spec.dimensions().entrySet().stream()
                .map(d ->
                        Dimension.builder().name(d.getKey()).value(d.getValue()).build())
                .toList();
        return MetricDataQuery.builder()
                .id(id)
                .returnData(true)
                .metricStat(MetricStat.builder()
                        .metric(Metric.builder()
                                .namespace(spec.namespace())
                                .metricName(spec.metric())
                                .dimensions(dims)
                                .build())
                        .period(spec.periodSeconds())
                        .stat(spec.statistic())
                        .build())
                .build();
    }
}
