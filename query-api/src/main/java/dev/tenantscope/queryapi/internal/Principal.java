package dev.tenantscope.queryapi.internal;

import dev.tenantscope.queryapi.Role;

/** Who is calling: the token's name, role and (for tenant tokens) the one tenant it sees. */
public record Principal(String name, Role role, String tenantId) {

    /** May this caller see {@code tenant}'s data? */
    public boolean sees(String tenant) {
        return role != Role.TENANT || tenantId.equals(tenant);
    }

    /** The SQL scope parameter: '' for every tenant, else the caller's tenant. */
    public String scope() {
        return role == Role.TENANT ? tenantId : "";
    }
}
