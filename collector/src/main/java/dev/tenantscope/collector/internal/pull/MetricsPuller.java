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

    /** Datapoints of each spec in [start, end), keyed by the spec's position in {@code specs}. */
    public Map<Integer, TreeMap<Instant, Double>> pull(
            Target target, List<MetricSpec> specs, Instant start, Instant end) {
        Map<Integer, TreeMap<Instant, Double>> out = new HashMap<>();
        for (int from = 0; from < specs.size(); from += MAX_QUERIES) {
            int to = Math.min(specs.size(), from + MAX_QUERIES);
            List<MetricDataQuery> queries = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                queries.add(query("m" + i, specs.get(i)));
            }
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
        }
        return out;
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
