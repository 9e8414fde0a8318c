package dev.tenantscope.app;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.fleetsim.FleetSimServer;
import dev.tenantscope.fleetsim.SimCatalog;
import dev.tenantscope.model.AccountId;
import java.net.URI;

/** Points the roles' configs at the embedded parts: the simulated fleet and the in-process broker. */
final class DemoWiring {
    private DemoWiring() {}

    /** A collector for the simulated organisation: management credentials, every endpoint at fleet-sim. */
    static CollectorConfig collector(CollectorConfig base, FleetSimServer sim, String bootstrap, String id) {
        URI endpoint = sim.endpoint();
        CollectorConfig c =
                base.withCollectorId(id).withEndpointOverride(endpoint).withBootstrapServers(bootstrap);
        CollectorConfig.Aws a = c.aws();
        return c.withAws(new CollectorConfig.Aws(
                a.endpointOverride(),
                a.regions(),
                sim.spec().roleName(),
                sim.spec().externalId(),
                a.sessionDuration(),
                a.refreshBefore(),
                a.maxConnections(),
                SimCatalog.MANAGEMENT_ACCESS_KEY_ID,
                SimCatalog.ANY_SECRET,
                AccountId.of(sim.spec().managementAccount())));
    }
}
