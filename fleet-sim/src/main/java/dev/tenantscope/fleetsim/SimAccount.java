package dev.tenantscope.fleetsim;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * A member account of the simulated organisation.
 *
 * @param suspendedAt when it is suspended, or null
 * @param closedAt when it is closed, or null
 */
public record SimAccount(
        AccountId id,
        String name,
        String email,
        TenantId tenant,
        Tier tier,
        String environment,
        Instant joinedAt,
        Instant suspendedAt,
        Instant closedAt) {

    public SimAccount {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(joinedAt, "joinedAt");
    }

    public AccountStatus statusAt(Instant t) {
        if (t.isBefore(joinedAt)) {
            return AccountStatus.NOT_JOINED;
        }
        if (closedAt != null && !t.isBefore(closedAt)) {
            return AccountStatus.CLOSED;
        }
        if (suspendedAt != null && !t.isBefore(suspendedAt)) {
            return AccountStatus.SUSPENDED;
        }
        return AccountStatus.ACTIVE;
    }

    /** When the account stops producing workload (suspension or closure), or null. */
    public Instant endsAt() {
        if (suspendedAt == null) {
            return closedAt;
        }
        return closedAt == null || suspendedAt.isBefore(closedAt) ? suspendedAt : closedAt;
    }
}
