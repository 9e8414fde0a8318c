package dev.tenantscope.streams.internal;

import dev.tenantscope.model.events.QuotaSample;
import dev.tenantscope.model.rollup.Alert;
import dev.tenantscope.model.rollup.Alert.AlertKind;
import dev.tenantscope.model.rollup.Alert.AlertState;
import dev.tenantscope.model.rollup.Alert.Severity;
import dev.tenantscope.streams.StreamsAppConfig;
import dev.tenantscope.streams.internal.key.QuotaKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Quota exhaustion per account × region × quota: warn at {@code warnAt}, critical at {@code criticalAt}, and warn
 * when the linear trend of recent usage reaches the quota within the forecast horizon (level quotas only, see
 * {@link QuotaForecast}). Emits only transitions
 * (open, escalate, de-escalate, close); an open alert closes only once utilisation is below
 * {@code warnAt − closeBelow} and no exhaustion is forecast, so it does not flap around the threshold.
 *
 * <p>Raw quota samples are keyed by account, so all samples of a quota are in one task: no repartition.
 */
final class QuotaAlertProcessor implements Processor<String, EnrichedQuota, String, Alert> {
    private final StreamsAppConfig.Quota config;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<QuotaKey, QuotaState> states;

    QuotaAlertProcessor(StreamsAppConfig.Quota config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.states = context.getStateStore(Stores.QUOTA_STATE);
    }

    @Override
    public void process(Record<String, EnrichedQuota> record) {
        EnrichedQuota q = record.value();
        if (q == null || q.sample().usage() == null || q.sample().quotaValue() <= 0) {
            return;
        }
        QuotaSample s = q.sample();
        QuotaKey key = q.quotaKey();
        QuotaState before = states.get(key);
        List<Long> times = new ArrayList<>(before == null ? List.of() : before.times());
        List<Double> usages = new ArrayList<>(before == null ? List.of() : before.usages());
        long now = s.timestamp().toEpochMilli();
        if (!times.isEmpty() && now <= times.getLast()) {
            return; // a duplicate or out-of-order sample says nothing new about the trend
        }
        times.add(now);
        usages.add(s.usage());
        while (times.size() > config.historySize()) {
            times.removeFirst();
            usages.removeFirst();
        }
        double util = s.usage() / s.quotaValue();
        Optional<Long> exhaustion = QuotaForecast.exhaustion(s, times, usages, config.forecastHorizon());
        Severity wanted = util >= config.criticalAt()
                ? Severity.CRITICAL
                : util >= config.warnAt() || exhaustion.isPresent() ? Severity.WARN : null;
        Severity open = before == null || before.severity() == null ? null : Severity.valueOf(before.severity());
        Instant openedAt = before == null ? null : before.openedAt();

        if (open != null && wanted == null && util >= config.warnAt() - config.closeBelow()) {
            wanted = Severity.WARN; // inside the hysteresis band: stays open
        }
        if (wanted != open) {
            Instant ts = s.timestamp();
            if (open == null) {
                openedAt = ts;
            }
            Severity shown = wanted == null ? open : wanted;
            Alert alert = new Alert(
                    TopicKeys.quotaAlertId(key, openedAt),
                    AlertKind.QUOTA,
                    q.tenant(),
                    s.account().value(),
                    s.serviceCode() + " " + s.quotaCode() + " " + s.region(),
                    shown,
                    wanted == null ? AlertState.CLOSED : AlertState.OPEN,
                    openedAt,
                    ts,
                    wanted == null ? ts : null,
                    util,
                    0,
                    config.warnAt(),
                    -1,
                    shown == Severity.CRITICAL ? config.criticalAt() : config.warnAt(),
                    exhaustion.map(Instant::ofEpochMilli).orElse(null),
                    evidence(s, util, exhaustion),
                    ts.toEpochMilli());
            context.forward(
                    record.withKey(TopicKeys.quotaAlert(q.tenant(), key)).withValue(alert));
        }
        states.put(
                key,
                new QuotaState(times, usages, wanted == null ? null : wanted.name(), wanted == null ? null : openedAt));
    }

    private String evidence(QuotaSample s, double util, Optional<Long> exhaustion) {
        String text = String.format(
                Locale.ROOT,
                "%s %s: usage %.2f of quota %.2f = %.1f %% (warn %.0f %%, critical %.0f %%)",
                s.quotaName().isEmpty() ? s.quotaCode() : s.quotaName(),
                s.region(),
                s.usage(),
                s.quotaValue(),
                util * 100,
                config.warnAt() * 100,
                config.criticalAt() * 100);
        return exhaustion
                .map(t -> text + "; linear trend reaches the quota at " + Instant.ofEpochMilli(t))
                .orElse(text);
    }
}
