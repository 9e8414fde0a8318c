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
    public final CostModel costs;
    public final Billing billing;
    public final LogModel logs;
    public final SimClock clock;
    public final Faults faults;
    public final Meter meter;

    public Sim(Fleet fleet, SimClock clock, Faults faults, Meter meter) {
        this.spec = fleet.spec;
        this.fleet = fleet;
        this.episodes = new Episodes(spec.seed(), spec.noisyRate());
        this.metrics = new MetricModel(fleet, episodes);
        this.costs = new CostModel(fleet, episodes);
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
