package dev.tenantscope.collector.internal.pull;

import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.events.CostPullCompleted;
import dev.tenantscope.model.events.LogSignal;
import dev.tenantscope.model.events.MetricSample;
import dev.tenantscope.model.events.QuotaSample;

/** Where collected records go: Kafka in production, memory in unit tests. Thread-safe. */
public interface Sink extends AutoCloseable {
    void metric(MetricSample sample);

    void log(LogSignal signal);

    void quota(QuotaSample sample);

    void cost(CostLine line);

    /** After every line of a cost pull: what it covered for one account (see {@link CostPullCompleted}). */
    void costPulled(CostPullCompleted completed);

    void run(CollectorRun run);

    void account(AccountRegistration registration);

    /** Blocks until everything sent so far is acknowledged. */
    void flush();

    @Override
    default void close() {}
}
