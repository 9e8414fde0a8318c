package dev.tenantscope.queryapi.internal;

import dev.tenantscope.queryapi.api.FleetHealth;

/** Where fleet health comes from: the query itself, or a cache in front of it. */
@FunctionalInterface
interface FleetHealthSource {
    /** Fleet health as {@code caller} may see it, each list at most {@code limit} long. */
    FleetHealth report(Principal caller, int limit);
}
