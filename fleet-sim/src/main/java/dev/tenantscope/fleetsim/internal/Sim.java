package dev.tenantscope.fleetsim.internal;

import dev.tenantscope.fleetsim.Faults;
import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.Meter;
import dev.tenantscope.fleetsim.SimClock;

/** The simulated world: fleet, models and the mutable knobs (clock, faults, meter). */
public final class Sim {
    public final FleetSpec spec;
    public final Fleet fleet;
    public final Episodes episodes;
    public final MetricModel metrics;
    public final CostAnomalies costAnomalies;
    public final CostModel costs;
    public final Billing billing;
    public final LogModel logs;
    public final SimClock clock;
    public final Faults faults;
    public final Meter meter;
    /** Tenant tags changed since the fleet was generated (Organizations TagResource), by account id. */
    public final java.util.Map<String, String> retagged = new java.util.concurrent.ConcurrentHashMap<>();

    public Sim(Fleet fleet, SimClock clock, Faults faults, Meter meter) {
        this.spec = fleet.spec;
        this.fleet = fleet;
        this.episodes = new Episodes(spec.seed(), spec.noisyRate());
        this.metrics = new MetricModel(fleet, episodes);
        this.costAnomalies = new CostAnomalies(spec.seed(), spec.costAnomalyRate());
        this.costs = new CostModel(fleet, episodes, costAnomalies);
        this.billing = new Billing(fleet, costs);
        this.logs = new LogModel(fleet, metrics);
        this.clock = clock;
        this.faults = faults;
        this.meter = meter;
    }

    public long now() {
        return clock.epochSecond();
    }
}
