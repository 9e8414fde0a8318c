package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.internal.aws.ApiId;
import dev.tenantscope.collector.internal.aws.ErrorClass;
import dev.tenantscope.model.events.ApiUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** The collector's own Prometheus metrics; names follow Prometheus conventions once exported. */
public final class CollectorMetrics {
    private static final Map<String, String> HELP = Map.of(
            "tenantscope.collector.aws.calls", "AWS API calls made, by service and operation",
            "tenantscope.collector.aws.errors", "AWS API calls that failed, by operation and error class",
            "tenantscope.collector.aws.throttles", "AWS API calls throttled, by operation",
            "tenantscope.collector.runs", "account collections finished, by run status",
            "tenantscope.collector.records", "records written to Kafka, by topic");
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final AtomicLong owned = new AtomicLong();
    private final AtomicLong lagMs = new AtomicLong();
    private final Timer sweep;
    private final Counter spend;

    public CollectorMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("tenantscope.collector.accounts.owned", owned, AtomicLong::get)
                .description("accounts this collector owns and polls (not suspended or closed)")
                .register(registry);
        Gauge.builder("tenantscope.collector.schedule.lag.seconds", lagMs, v -> v.get() / 1000.0)
                .description("how late the most overdue account started after its scheduled instant")
                .register(registry);
        this.sweep = Timer.builder("tenantscope.collector.sweep.duration")
                .description("time to collect every due account once")
                .register(registry);
        this.spend = Counter.builder("tenantscope.collector.api.spend.usd")
                .description("what this collector's AWS API calls cost, priced from the price table (USD),"
                        + " including its share of the payer cost pull")
                .register(registry);
    }

    /**
     * The budget per account-month and what the plan in force projects, for the budget alerts: both per
     * account-month, so rules compare them with the measured spend rate divided by the accounts owned.
     */
    public void plan(Supplier<BudgetPlanner.Plan> plan) {
        Gauge.builder(
                        "tenantscope.collector.api.budget.usd.per.account.month",
                        () -> plan.get().budget())
                .description("the API budget per account-month in force (USD): collector.schedule."
                        + "budgetPerAccountMonth, or budgetFloorPerMonth's share when the fleet is smaller")
                .register(registry);
        Gauge.builder(
                        "tenantscope.collector.api.planned.usd.per.account.month",
                        () -> plan.get().usdPerAccountMonth())
                .description("API spend per account-month the plan in force projects from measured pull costs (USD)")
                .register(registry);
    }

    /** What one account's run cost in API calls. */
    public void spent(List<ApiUsage> usage) {
        double usd = 0;
        for (ApiUsage u : usage) {
            usd += u.cost().amount().doubleValue();
        }
        spend.increment(usd);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void call(ApiId api) {
        counter("tenantscope.collector.aws.calls", "service", api.service(), "operation", api.operation())
                .increment();
    }

    public void error(ApiId api, ErrorClass error) {
        counter("tenantscope.collector.aws.errors", "operation", api.operation(), "class", error.label())
                .increment();
        if (error == ErrorClass.THROTTLING) {
            counter("tenantscope.collector.aws.throttles", "operation", api.operation(), "class", "Throttling")
                    .increment();
        }
    }

    public void run(String status) {
        counter("tenantscope.collector.runs", "status", status, "class", "").increment();
    }

    public void records(String topic, long n) {
        counter("tenantscope.collector.records", "topic", topic, "class", "").increment(n);
    }

    public void sweep(Duration d) {
        sweep.record(d);
    }

    public void owned(long accounts) {
        owned.set(accounts);
    }

    /** How late the most overdue account started after its scheduled instant. */
    public void scheduleLag(Duration lag) {
        lagMs.set(Math.max(0, lag.toMillis()));
    }

    private Counter counter(String name, String k1, String v1, String k2, String v2) {
        return counters.computeIfAbsent(name + '|' + v1 + '|' + v2, k -> {
            Counter.Builder b =
                    Counter.builder(name).description(HELP.get(name)).tag(k1, v1);
            if (!v2.isEmpty()) {
                b.tag(k2, v2);
            }
            return b.register(registry);
        });
    }
}
