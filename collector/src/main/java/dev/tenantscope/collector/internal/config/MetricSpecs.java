package dev.tenantscope.collector.internal.config;

import dev.tenantscope.collector.CollectorConfig.MetricSpec;
import dev.tenantscope.collector.CollectorConfig.Metrics;
import dev.tenantscope.config.ConfigNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code collector.metrics}: the alert and standard metric lists. */
final class MetricSpecs {
    private static final Pattern STATISTIC =
            Pattern.compile("Sum|Average|Maximum|Minimum|SampleCount|[pt]\\d{1,2}(\\.\\d+)?");
    private static final Set<Long> PERIODS_UNDER_60 = Set.of(1L, 5L, 10L, 30L);
    // one GetMetricData call per region takes 500 queries; this leaves room for quota usage
    private static final int MAX_SPECS = 400;

    private MetricSpecs() {}

    static Metrics metrics(ConfigNode m) {
        Duration overlap = m.duration(
                "overlap", Duration.ofMinutes(10), "each window reaches back this far to catch late datapoints");
        List<MetricSpec> alert = m.list("alert", MetricSpecs::spec, DefaultMetrics.ALERT, "pulled at alert cadence");
        List<MetricSpec> standard =
                m.list("standard", MetricSpecs::spec, DefaultMetrics.STANDARD, "pulled at standard cadence");
        if (alert.size() + standard.size() > MAX_SPECS) {
            m.problem("expected at most " + MAX_SPECS + " metric specs (one GetMetricData call per region leaves"
                    + " room for quota usage), got " + (alert.size() + standard.size()));
        }
        return new Metrics(overlap, alert, standard);
    }

    private static MetricSpec spec(ConfigNode s) {
        String ns = s.requiredString("namespace", "a CloudWatch namespace such as AWS/Lambda", "CloudWatch namespace");
        String name = s.requiredString("metric", "a metric name such as Errors", "metric name");
        String stat = s.string("statistic", "Sum", "Sum, Average, Maximum, Minimum, SampleCount or a percentile");
        if (!STATISTIC.matcher(stat).matches()) {
            s.problem("statistic", stat, "Sum, Average, Maximum, Minimum, SampleCount or a percentile like p99");
        }
        Duration period = s.duration("period", Duration.ofMinutes(5), "1s, 5s, 10s, 30s or a multiple of 60s");
        long seconds = period.toSeconds();
        if (period.toMillisPart() != 0 || (seconds % 60 != 0 && !PERIODS_UNDER_60.contains(seconds))) {
            s.problem(
                    "period",
                    dev.tenantscope.config.Grammar.durationText(period),
                    "1s, 5s, 10s, 30s or a multiple of 60s");
        }
        Map<String, String> dimensions =
                s.map("dimensions", Set.of(), (d, k) -> d.string(k, null, null), "dimension name → value");
        return ns == null || name == null ? null : new MetricSpec(ns, name, stat, (int) seconds, dimensions);
    }
}
