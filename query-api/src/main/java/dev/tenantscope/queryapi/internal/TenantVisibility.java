package dev.tenantscope.queryapi.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** The gate every per-tenant route passes before its query runs. */
final class TenantVisibility {
    private static final String EXISTS =
            "SELECT count() AS n FROM (SELECT 1 FROM accounts WHERE tenant_id = {tenant:String} LIMIT 1)";

    private final Db db;

    TenantVisibility(Db db) {
        this.db = db;
    }

    /**
     * Fails with the same 404 whether {@code tenant} does not exist or the caller may not see it, so a
     * tenant token cannot even learn which other tenants exist.
     */
    void require(Principal caller, String tenant, String parameter) {
        if (tenant == null || tenant.isEmpty() || tenant.length() > Params.MAX_VALUE_CHARS) {
            throw ApiException.badParameter(
                    parameter, "expected a tenant id of 1.." + Params.MAX_VALUE_CHARS + " characters");
        }
        if (!caller.sees(tenant)) {
            throw ApiException.tenantNotFound(parameter);
        }
        ObjectNode row = db.row(EXISTS, Map.of("tenant", tenant));
        if (row == null || row.get("n").asLong() == 0) {
            throw ApiException.tenantNotFound(parameter);
        }
    }
}
