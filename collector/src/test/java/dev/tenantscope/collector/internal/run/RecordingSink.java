package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.internal.pull.Sink;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.events.LogSignal;
import dev.tenantscope.model.events.MetricSample;
import dev.tenantscope.model.events.QuotaSample;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the run records written to it and whether it was closed. */
final class RecordingSink implements Sink {
    final List<CollectorRun> runs = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    @Override
    public void metric(MetricSample sample) {}

    @Override
    public void log(LogSignal signal) {}

    @Override
    public void quota(QuotaSample sample) {}

    @Override
    public void cost(CostLine line) {}

    @Override
    public void costPulled(dev.tenantscope.model.events.CostPullCompleted completed) {}

    @Override
    public void run(CollectorRun run) {
        runs.add(run);
    }

    @Override
    public void account(AccountRegistration registration) {}

    @Override
    public void flush() {}

    @Override
    public void close() {
        closed = true;
    }
}
