package dev.tenantscope.streams.internal;

import dev.tenantscope.model.rollup.Alert;
import dev.tenantscope.model.rollup.Alert.AlertKind;
import dev.tenantscope.model.rollup.Alert.AlertState;
import dev.tenantscope.model.rollup.Alert.Severity;
import dev.tenantscope.model.rollup.TenantDailyCost;
import dev.tenantscope.streams.StreamsAppConfig;
import dev.tenantscope.streams.internal.CostAnomalyDetector.Decision;
import dev.tenantscope.streams.internal.CostAnomalyDetector.Observation;
import dev.tenantscope.streams.internal.key.CostCohortKey;
import dev.tenantscope.streams.internal.key.CostLineDayKey;
import dev.tenantscope.streams.internal.key.CostLineKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Feeds each day of each cost line (tenant, account, service) to the {@link CostAnomalyDetector} once the day's rows
 * have settled, with its rank among the other lines of its tier cohort, and forwards the alert it opens or closes.
 *
 * <p>A pull delivers a day's rows one by one (usage, its Savings Plan negation, a credit): each row is kept in
 * {@code cost-anomaly-days-store} and the day marked due in {@code cost-anomaly-due-store}; a wall-clock
 * punctuation judges the days whose rows have not changed for {@code costAnomaly.settle}, a line's days oldest first,
 * so one pull of one day is one observation. Input is keyed by cohort (tier + service): a cohort's lines share a task
 * and the percentile is one prefix scan of {@code cost-anomaly-state-store}.
 */
final class CostAnomalyProcessor implements Processor<CostCohortKey, TenantDailyCost, String, Alert> {
    private final StreamsAppConfig.CostAnomaly config;
    private final CostAnomalyDetector detector;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<CostLineKey, CostAnomalyState> states;
    private KeyValueStore<CostLineDayKey, CostAnomalyDay> days;
    private KeyValueStore<CostLineDayKey, Long> due;

    CostAnomalyProcessor(StreamsAppConfig.CostAnomaly config) {
        this.config = config;
        this.detector = new CostAnomalyDetector(config);
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.states = context.getStateStore(Stores.COST_ANOMALY_STATE);
        this.days = context.getStateStore(Stores.COST_ANOMALY_DAYS);
        this.due = context.getStateStore(Stores.COST_ANOMALY_DUE);
        long every = Math.max(1_000, config.settle().toMillis() / 3);
        context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::judgeSettled);
    }

    @Override
    public void process(Record<CostCohortKey, TenantDailyCost> record) {
        TenantDailyCost row = record.value();
        if (row == null) {
            return;
        }
        CostLineDayKey key = new CostLineDayKey(new CostLineKey(record.key(), row.tenant(), row.account()), row.day());
        CostAnomalyDay day = days.get(key);
        days.put(key, (day == null ? CostAnomalyDay.empty() : day).with(row, record.timestamp()));
        due.put(key, context.currentSystemTimeMs());
    }

    /** Judges every day unchanged for {@code settle}, in key order (a line's days oldest first). */
    private void judgeSettled(long now) {
        List<CostLineDayKey> ready = new ArrayList<>();
        try (KeyValueIterator<CostLineDayKey, Long> it = due.all()) {
            while (it.hasNext()) {
                KeyValue<CostLineDayKey, Long> kv = it.next();
                if (now - kv.value >= config.settle().toMillis()) {
                    ready.add(kv.key);
                }
            }
        }
        for (CostLineDayKey key : ready) {
            judge(key, now);
            due.delete(key);
        }
    }

    private void judge(CostLineDayKey key, long now) {
        CostAnomalyDay day = days.get(key);
        if (day == null) {
            return;
        }
        CostLineKey line = key.line();
        Observation o = new Observation(key.day(), day.total(), day.estimated(), Instant.ofEpochMilli(day.at()));
        CostAnomalyState before = states.get(line);
        double percentile = cohortPercentile(line, detector.score(before, o));
        Decision d = detector.next(
                before,
                line.tenant().value(),
                line.account().value(),
                line.cohort().service(),
                o,
                percentile);
        switch (d.transition()) {
            case OPENED -> emit(line, o, day, d, percentile, o.at(), null, now);
            case CLOSED -> emit(line, o, day, d, percentile, before.openedAt(), o.at(), now);
            case NONE -> {}
        }
        if (d.state() != before) {
            states.put(line, d.state());
        }
        if (!o.estimated()) {
            // settled: a later row of this day (a month-close restatement) is not news, so its rows are not needed
            days.delete(key);
        }
    }

    /** The fraction of the cohort's other lines whose latest score is below {@code score} (ties count half). */
    private double cohortPercentile(CostLineKey line, double score) {
        CohortRank rank = new CohortRank(score);
        try (KeyValueIterator<CostLineKey, CostAnomalyState> it =
                states.prefixScan(line.cohort(), CostLineKey.COHORT_PREFIX)) {
            while (it.hasNext()) {
                KeyValue<CostLineKey, CostAnomalyState> kv = it.next();
                if (!kv.key.equals(line)) {
                    rank.add(kv.value.last());
                }
            }
        }
        return rank.percentile(1); // alone in its cohort: nothing to contradict it
    }

    private void emit(
            CostLineKey line,
            Observation o,
            CostAnomalyDay day,
            Decision d,
            double percentile,
            Instant openedAt,
            Instant closedAt,
            long now) {
        double low = Math.max(0, d.expected() - config.openSigmas() * d.sigma()) * d.maturity();
        double high = detector.expectedHigh(d.expected(), d.sigma()) * d.maturity();
        Instant at = closedAt == null ? openedAt : closedAt;
        String evidence = String.format(
                Locale.ROOT,
                "%s %s %s on %s: %.2f USD%s, expected %.2f..%.2f (settled level %.2f, σ %.2f%s), p%.0f of tier '%s';"
                        + " lines: %s",
                line.tenant(),
                line.account(),
                line.cohort().service(),
                o.day(),
                o.value(),
                o.estimated() ? " (estimated)" : "",
                low,
                high,
                d.expected(),
                d.sigma(),
                o.estimated() ? String.format(Locale.ROOT, ", estimates at this age ×%.2f", d.maturity()) : "",
                percentile * 100,
                line.cohort().tier(),
                lines(day.rows()));
        Alert alert = new Alert(
                TopicKeys.costAlertId(
                        line.tenant(), line.account(), line.cohort().service(), openedAt),
                AlertKind.COST,
                line.tenant(),
                line.account().value(),
                line.cohort().service(),
                Severity.WARN,
                closedAt == null ? AlertState.OPEN : AlertState.CLOSED,
                openedAt,
                at,
                closedAt,
                o.value(),
                low,
                high,
                percentile,
                config.openSigmas(),
                null,
                evidence,
                now);
        context.forward(new Record<>(
                TopicKeys.costAlert(line.tenant(), line.account(), line.cohort().service()), alert, at.toEpochMilli()));
    }

    /** The day's rows that carry money, largest first: what moved. */
    private static String lines(Map<String, CostAnomalyDay.Row> rows) {
        return rows.entrySet().stream()
                .filter(e -> e.getValue().unblended() != 0)
                .sorted((a, b) -> Double.compare(
                        Math.abs(b.getValue().unblended()),
                        Math.abs(a.getValue().unblended())))
                .limit(5)
                .map(e -> String.format(
                        Locale.ROOT,
                        "%s %.2f",
                        e.getKey().substring(0, e.getKey().indexOf('|')),
                        e.getValue().unblended()))
                .collect(Collectors.joining(", "));
    }
}
