package dev.tenantscope.streams.internal;

import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.rollup.Alert;
import dev.tenantscope.model.rollup.Alert.AlertKind;
import dev.tenantscope.model.rollup.Alert.AlertState;
import dev.tenantscope.model.rollup.Alert.Severity;
import dev.tenantscope.model.rollup.TenantMetricRollup;
import dev.tenantscope.streams.StreamsAppConfig;
import dev.tenantscope.streams.internal.key.CohortKey;
import dev.tenantscope.streams.internal.key.CohortMemberKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Feeds each final window of a tenant's signal to the {@link NoisyDetector} with its rank among the other tenants
 * of its tier cohort, keeps the tenant's state, and forwards the alert it opens or closes; an early look (a sum so
 * far) may only open one. Input is keyed by cohort (tier + signal), so a cohort's tenants share a task and the
 * percentile is one prefix scan.
 */
final class NoisyTenantProcessor implements Processor<CohortKey, NoisyTenantProcessor.Input, String, Alert> {
    /** @param early a sum so far of a window not observed yet, a lower bound of its final sum */
    record Input(TenantMetricRollup rollup, boolean early) {}

    private final StreamsAppConfig.Noisy config;
    private final NoisyDetector detector;
    private final Duration windowSize;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<CohortMemberKey, NoisyState> states;

    NoisyTenantProcessor(StreamsAppConfig.Noisy config, Duration windowSize) {
        this.config = config;
        this.detector = new NoisyDetector(config);
        this.windowSize = windowSize;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.states = context.getStateStore(Stores.NOISY_STATE);
    }

    @Override
    public void process(Record<CohortKey, Input> record) {
        Input in = record.value();
        if (in == null || in.rollup() == null) {
            return;
        }
        TenantMetricRollup r = in.rollup();
        CohortMemberKey key = new CohortMemberKey(record.key(), r.tenant());
        double v = r.sum();
        NoisyState before = states.get(key);
        if (in.early() && before == null) {
            return;
        }
        double percentile =
                cohortPercentile(record.key(), r.tenant().value(), detector.score(before, r.windowStart(), v));
        Instant windowEnd = r.windowStart().plus(windowSize);
        NoisyDetector.Decision d = in.early()
                ? detector.early(before, r.windowStart(), windowEnd, v, percentile)
                : detector.next(before, r.tenant().value(), r.windowStart(), windowEnd, v, percentile);
        switch (d.transition()) {
            case OPENED -> emit(record, r, in.early(), windowEnd, null, v, d, percentile);
            case CLOSED -> emit(record, r, false, before.openedAt(), windowEnd, v, d, percentile);
            case NONE -> {}
        }
        if (d.state() != before) {
            states.put(key, d.state());
        }
    }

    /** The fraction of the other tenants in the cohort whose latest score is below {@code v} (ties count half). */
    private double cohortPercentile(CohortKey cohort, String tenant, double v) {
        CohortRank rank = new CohortRank(v);
        try (KeyValueIterator<CohortMemberKey, NoisyState> it =
                states.prefixScan(cohort, CohortMemberKey.COHORT_PREFIX)) {
            while (it.hasNext()) {
                KeyValue<CohortMemberKey, NoisyState> kv = it.next();
                if (!kv.value.tenant().equals(tenant)) {
                    rank.add(kv.value.last());
                }
            }
        }
        return rank.percentile(0);
    }

    private void emit(
            Record<CohortKey, Input> record,
            TenantMetricRollup r,
            boolean soFar,
            Instant openedAt,
            Instant closedAt,
            double v,
            NoisyDetector.Decision d,
            double percentile) {
        String subject = r.namespace() + " " + r.metric();
        Instant at = closedAt == null ? openedAt : closedAt;
        double mean = d.mean();
        double sigma = d.sigma();
        double low = Math.max(0, mean - config.openSigmas() * sigma);
        double high = detector.expectedHigh(mean, sigma);
        String evidence = String.format(
                Locale.ROOT,
                "%s %s window %s: sum%s %.3f, expected %.3f..%.3f (EWMA %.3f, %.1fσ and %.1f×, σ %.3f), p%.0f of tier '%s'",
                r.tenant(),
                subject,
                r.window(),
                soFar ? " so far" : "",
                v,
                low,
                high,
                mean,
                config.openSigmas(),
                config.minRatio(),
                sigma,
                percentile * 100,
                r.tier());
        Alert alert = new Alert(
                TopicKeys.noisyAlertId(r.tenant(), subject, openedAt),
                AlertKind.NOISY,
                TenantId.of(r.tenant().value()),
                "",
                subject,
                Severity.WARN,
                closedAt == null ? AlertState.OPEN : AlertState.CLOSED,
                openedAt,
                at,
                closedAt,
                v,
                low,
                high,
                percentile,
                config.openSigmas(),
                null,
                evidence,
                at.toEpochMilli());
        context.forward(
                record.withKey(TopicKeys.noisyAlert(r.tenant(), subject)).withValue(alert));
    }
}
