package dev.tenantscope.model.rollup;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.Validate;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.AccountStatus;
import dev.tenantscope.model.events.CollectorRun;
import java.time.Instant;

/**
 * What fleet health shows of one account: its registration and how its latest collection went.
 *
 * @param observability OBSERVABLE (the latest run got in), UNOBSERVABLE (AssumeRole was refused) or UNKNOWN
 * @param unobservableReason why the account cannot be observed, "" otherwise
 * @param lastCollectedAt start of the latest run that got in, or null when none did
 */
public record AccountState(
        AccountId account,
        TenantId tenant,
        String tier,
        String environment,
        AccountStatus status,
        String observability,
        String unobservableReason,
        Instant joinedAt,
        Instant lastCollectedAt,
        long version) {

    public static final String OBSERVABLE = "OBSERVABLE";
    public static final String UNOBSERVABLE = "UNOBSERVABLE";
    public static final String UNKNOWN = "UNKNOWN";

    public AccountState {
        Validate.notNull("account", account);
        Validate.notNull("tenant", tenant);
        tier = tier == null ? "" : tier;
        environment = environment == null ? "" : environment;
        Validate.notNull("status", status);
        Validate.notBlank("observability", observability);
        unobservableReason = unobservableReason == null ? "" : unobservableReason;
        Validate.notNull("joinedAt", joinedAt);
        Validate.notNegative("version", version);
    }

    /**
     * The state of a registered (or, with a null registration, not yet registered) account after its latest run.
     *
     * @param latest the latest run, or null when the account was never collected
     * @param lastGoodRun start of the latest run that got in, or null
     */
    public static AccountState of(
            AccountId account,
            AccountRegistration registration,
            CollectorRun latest,
            Instant lastGoodRun,
            long version) {
        String observability = UNKNOWN;
        String reason = "";
        if (latest != null) {
            switch (latest.status()) {
                case OK, PARTIAL -> observability = OBSERVABLE;
                case UNOBSERVABLE -> {
                    observability = UNOBSERVABLE;
                    reason = latest.reason();
                }
                case FAILED -> observability = lastGoodRun == null ? UNKNOWN : OBSERVABLE;
            }
        }
        if (registration == null) {
            return new AccountState(
                    account,
                    TenantId.UNASSIGNED,
                    "",
                    "",
                    AccountStatus.ACTIVE,
                    observability,
                    reason,
                    latest == null ? Instant.EPOCH : latest.startedAt(),
                    lastGoodRun,
                    version);
        }
        return new AccountState(
                account,
                registration.tenant(),
                registration.tier(),
                registration.environment(),
                registration.status(),
                observability,
                reason,
                registration.joinedAt(),
                lastGoodRun,
                version);
    }
}
