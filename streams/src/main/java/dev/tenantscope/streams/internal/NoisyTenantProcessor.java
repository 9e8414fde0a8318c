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
 * A tenant is noisy on a signal when its window sum is above its own EWMA + {@code openSigmas}·σ AND ranks at or
 * above {@code cohortPercentile} among the other tenants of its tier. The alert closes only when the value is back
 * under EWMA + {@code closeSigmas}·σ (hysteresis). Input is keyed by cohort (tier + signal), so a cohort's tenants
 * share a task and the percentile is one prefix scan.
 */
final class NoisyTenantProcessor implements Processor<CohortKey, TenantMetricRollup, String, Alert> {
    /** σ never below this fraction of the mean: a perfectly flat history must not make any wiggle "noisy". */
    private static final double MIN_RELATIVE_SIGMA = 0.05;

    private final StreamsAppConfig.Noisy config;
    private final Duration windowSize;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<CohortMemberKey, NoisyState> states;

    NoisyTenantProcessor(StreamsAppConfig.Noisy config, Duration windowSize) {
        this.config = config;
        this.windowSize = windowSize;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.states = context.getStateStore(Stores.NOISY_STATE);
    }

    @Override
    public void process(Record<CohortKey, TenantMetricRollup> record) {
        TenantMetricRollup r = record.value();
        if (r == null) {
            return;
        }
        CohortKey cohort = record.key();
        CohortMemberKey key = new CohortMemberKey(cohort, r.tenant());
        double v = r.sum();
        NoisyState s = states.get(key);
        if (s == null) {
            s = new NoisyState(r.tenant().value(), v, 0, 0, v, null);
        }
        double percentile = cohortPercentile(cohort, r.tenant().value(), v);
        double sigma = Math.max(Math.sqrt(s.variance()), Math.abs(s.mean()) * MIN_RELATIVE_SIGMA);
        double openAbove = s.mean() + config.openSigmas() * sigma;
        double closeBelow = s.mean() + config.closeSigmas() * sigma;
        Instant windowEnd = r.windowStart().plus(windowSize);
        Instant openedAt = s.openedAt();
        boolean open = openedAt != null;
        if (!open && s.windows() >= config.minHistory() && v > openAbove && percentile >= config.cohortPercentile()) {
            openedAt = windowEnd;
            emit(record, r, openedAt, null, v, s.mean(), sigma, percentile);
        } else if (open && v <= closeBelow) {
            emit(record, r, openedAt, windowEnd, v, s.mean(), sigma, percentile);
            openedAt = null;
        }
        // EWMA and EW variance (West 1979): diff·increment keeps the variance update incremental.
        double diff = v - s.mean();
        double incr = config.alpha() * diff;
        double mean = s.windows() == 0 ? v : s.mean() + incr;
        double variance = s.windows() == 0 ? 0 : (1 - config.alpha()) * (s.variance() + diff * incr);
        states.put(key, new NoisyState(r.tenant().value(), mean, variance, s.windows() + 1, v, openedAt));
    }

    /** The fraction of the other tenants in the cohort whose latest value is below {@code v} (ties count half). */
    private double cohortPercentile(CohortKey cohort, String tenant, double v) {
        long below = 0, equal = 0, others = 0;
        try (KeyValueIterator<CohortMemberKey, NoisyState> it =
                states.prefixScan(cohort, CohortMemberKey.COHORT_PREFIX)) {
            while (it.hasNext()) {
                KeyValue<CohortMemberKey, NoisyState> kv = it.next();
                if (kv.value.tenant().equals(tenant)) {
                    continue;
                }
                others++;
                if (kv.value.last() < v) {
                    below++;
                } else if (kv.value.last() == v) {
                    equal++;
                }
            }
        }
        return others == 0 ? 0 : (below + equal / 2.0) / others;
    }

    private void emit(
            Record<CohortKey, TenantMetricRollup> record,
            TenantMetricRollup r,
            Instant openedAt,
            Instant closedAt,
            double v,
            double mean,
            double sigma,
            double percentile) {
        String subject = r.namespace() + " " + r.metric();
        Instant at = closedAt == null ? openedAt : closedAt;
        double low = mean - config.openSigmas() * sigma;
        double high = mean + config.openSigmas() * sigma;
        String evidence = String.format(
                Locale.ROOT,
                "%s %s window %s: sum %.3f, expected %.3f..%.3f (EWMA %.3f ± %.1fσ, σ %.3f), p%.0f of tier '%s'",
                r.tenant(),
                subject,
                r.window(),
                v,
                low,
                high,
                mean,
                config.openSigmas(),
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
