package dev.tenantscope.model.events;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.Validate;
import java.time.Instant;
import java.util.List;

/**
 * The value of the compacted accounts topic: who owns an account and whether it is polled.
 *
 * @param regions regions the collector polls in this account, never empty
 * @param joinedAt when the account joined the organisation
 */
public record AccountRegistration(
        AccountId account,
        TenantId tenant,
        String name,
        String tier,
        String environment,
        AccountStatus status,
        List<String> regions,
        Instant joinedAt) {

    public AccountRegistration {
        Validate.notNull("account", account);
        Validate.notNull("tenant", tenant);
        name = name == null ? "" : Validate.maxLength("name", name, 256);
        tier = Validate.maxLength("tier", Validate.notBlank("tier", tier), 64);
        environment = Validate.maxLength("environment", Validate.notBlank("environment", environment), 64);
        Validate.notNull("status", status);
        Validate.notNull("regions", regions);
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("regions: expected at least one region such as us-east-1, got []");
        }
        regions = List.copyOf(regions);
        Validate.notNull("joinedAt", joinedAt);
    }
}
