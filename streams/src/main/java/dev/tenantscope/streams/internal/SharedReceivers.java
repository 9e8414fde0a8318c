package dev.tenantscope.streams.internal;

import dev.tenantscope.model.TenantId;
import java.util.List;

/** The tenants a shared line was last split to: a tenant missing from the next split gets a zero line. */
public record SharedReceivers(List<TenantId> tenants) {
    public SharedReceivers {
        tenants = tenants == null ? List.of() : List.copyOf(tenants);
    }
}
