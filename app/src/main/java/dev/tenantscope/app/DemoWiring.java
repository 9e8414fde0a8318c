package dev.tenantscope.app;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.fleetsim.FleetSimServer;
import dev.tenantscope.fleetsim.SimCatalog;
import dev.tenantscope.model.AccountId;

/** Points the roles' configs at the embedded parts: the simulated fleet and the in-process broker. */
final class DemoWiring {
    private DemoWiring() {}

    /** A collector for the simulated organisation: management credentials, every endpoint at fleet-sim. */
    static CollectorConfig collector(CollectorConfig base, FleetSimServer sim, String bootstrap, String id) {
        return base.withCollectorId(id)
                .withEndpointOverride(sim.endpoint())
                .withBootstrapServers(bootstrap)
                .withIdentity(
                        SimCatalog.MANAGEMENT_ACCESS_KEY_ID,
                        SimCatalog.ANY_SECRET,
                        AccountId.of(sim.spec().managementAccount()),
                        sim.spec().roleName(),
                        sim.spec().externalId());
    }
}
