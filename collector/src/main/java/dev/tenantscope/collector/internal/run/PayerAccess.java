package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.collector.PayerAccessException;
import dev.tenantscope.collector.internal.aws.Apis;
import dev.tenantscope.collector.internal.aws.Credentials;
import dev.tenantscope.collector.internal.aws.RoleSession;
import dev.tenantscope.collector.internal.aws.RunLedger;
import dev.tenantscope.collector.internal.aws.Target;
import dev.tenantscope.model.AccountId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.organizations.model.DescribeOrganizationRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;

/**
 * How cost is read as the payer sees it, settled at start. Cost Explorer answers a member account with its own
 * cost only, so the credentials must be the management account's: through {@code cost.payerRoleArn}, or the
 * collector's own once STS GetCallerIdentity matches Organizations DescribeOrganization's management account.
 * Anything else fails the start with the fix named — never silent $0 tenants.
 */
final class PayerAccess {
    private static final Logger LOG = LoggerFactory.getLogger(PayerAccess.class);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(60);
    private static final String FIX = "set collector.cost.payerRoleArn (and cost.payerExternalId) to a role in the"
            + " management account made from deploy/payer-role.yaml, or run the collector with the management"
            + " account's credentials, or set collector.cost.mode: off";
    private final AccountId account;
    private final Credentials base;
    private final RoleSession role; // null: the collector's own credentials

    private PayerAccess(AccountId account, Credentials base, RoleSession role) {
        this.account = account;
        this.base = base;
        this.role = role;
    }

    /**
     * Verifies payer access now, its calls metered in {@code ledger}; throws {@link PayerAccessException} naming
     * the fix when there is none.
     */
    static PayerAccess resolve(CollectorConfig config, Apis apis, Credentials base, Clock wall, RunLedger ledger) {
        CollectorConfig.Cost cost = config.cost();
        Instant deadline = wall.instant().plus(CHECK_TIMEOUT);
        if (cost.payerRoleArn() != null) {
            RoleSession role = new RoleSession(
                    apis.assumeRole,
                    base,
                    cost.payerRoleArn(),
                    cost.payerExternalId(),
                    config.collectorId(),
                    config.aws().sessionDuration(),
                    config.aws().refreshBefore(),
                    wall);
            Credentials creds = role.credentials(ledger, deadline);
            AccountId management;
            try {
                creds.resolveCredentials();
                management = management(apis, new Target(role.account(), "us-east-1", creds, ledger, deadline));
            } catch (SdkException e) {
                throw new PayerAccessException(
                        "cost: cannot read cost through collector.cost.payerRoleArn " + cost.payerRoleArn() + " ("
                                + e.getMessage() + "). Deploy deploy/payer-role.yaml in the management account"
                                + " with the ExternalId of collector.cost.payerExternalId and trust this"
                                + " collector's role, or set collector.cost.mode: off",
                        e);
            }
            if (!management.equals(role.account())) {
                throw new PayerAccessException(
                        "cost: collector.cost.payerRoleArn " + cost.payerRoleArn() + " is in account "
                                + role.account().value() + ", not the organisation's management account "
                                + management.value() + ": Cost Explorer would return that account's own cost"
                                + " only. Deploy deploy/payer-role.yaml in " + management.value()
                                + " and point collector.cost.payerRoleArn at it",
                        null);
            }
            LOG.info("cost is read through {} (management account {})", cost.payerRoleArn(), management.value());
            return new PayerAccess(management, base, role);
        }
        AccountId self;
        AccountId management;
        try {
            Target t = new Target(AccountId.of("000000000000"), "us-east-1", base, ledger, deadline);
            self = AccountId.of(apis.getCallerIdentity
                    .call(t, GetCallerIdentityRequest.builder().build())
                    .account());
            management = management(apis, t);
        } catch (SdkException e) {
            throw new PayerAccessException(
                    "cost: cannot verify that the collector's own credentials are the organisation's management"
                            + " account's (" + e.getMessage() + "); " + FIX,
                    e);
        }
        if (!self.equals(management)) {
            throw new PayerAccessException(
                    "cost: the collector's own credentials are account " + self.value()
                            + ", not the organisation's management account " + management.value()
                            + ": Cost Explorer would return " + self.value() + "'s own cost only and every other"
                            + " tenant would show $0; " + FIX,
                    null);
        }
        LOG.info("cost is read with the collector's own credentials (the management account {})", self.value());
        return new PayerAccess(management, base, null);
    }

    private static AccountId management(Apis apis, Target t) {
        return AccountId.of(apis.describeOrganization
                .call(t, DescribeOrganizationRequest.builder().build())
                .organization()
                .masterAccountId());
    }

    /** The management (payer) account. */
    AccountId account() {
        return account;
    }

    /** Credentials for one pull, whose AssumeRole (when the session needs renewing) is metered in {@code ledger}. */
    Credentials credentials(RunLedger ledger, Instant deadline) {
        return role == null ? base : role.credentials(ledger, deadline);
    }
}
