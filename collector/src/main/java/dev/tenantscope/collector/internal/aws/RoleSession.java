package dev.tenantscope.collector.internal.aws;

import dev.tenantscope.model.AccountId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

/**
 * One assumed role (by full ARN, with its ExternalId), renewed {@code refreshBefore} ahead of expiry: the payer
 * role in the management account. Sessions last at most an hour — a collector on an IAM role is chaining.
 */
public final class RoleSession {
    private static final Duration CHAINED_MAX = Duration.ofHours(1);
    private final AwsCall<AssumeRoleRequest, AssumeRoleResponse> assumeRole;
    private final Credentials base;
    private final String roleArn;
    private final String externalId;
    private final String sessionName;
    private final Duration duration;
    private final Duration refreshBefore;
    private final Clock wall;
    private AwsSessionCredentials current; // guarded by this
    private Instant expiration = Instant.MIN; // guarded by this

    public RoleSession(
            AwsCall<AssumeRoleRequest, AssumeRoleResponse> assumeRole,
            Credentials base,
            String roleArn,
            String externalId,
            String sessionName,
            Duration duration,
            Duration refreshBefore,
            Clock wall) {
        this.assumeRole = assumeRole;
        this.base = base;
        this.roleArn = roleArn;
        this.externalId = externalId;
        this.sessionName = sessionName;
        this.duration = duration.compareTo(CHAINED_MAX) > 0 ? CHAINED_MAX : duration;
        this.refreshBefore = refreshBefore;
        this.wall = wall;
    }

    public String roleArn() {
        return roleArn;
    }

    /** The account the role lives in, read from its ARN. */
    public AccountId account() {
        return AccountId.of(roleArn.split(":")[4]);
    }

    /** Credentials that assume the role when needed, metering the AssumeRole in {@code ledger}. */
    public Credentials credentials(RunLedger ledger, Instant deadline) {
        return new Credentials() {
            @Override
            public AwsCredentials resolveCredentials() {
                return session(ledger, deadline);
            }

            @Override
            public void invalidate() {
                synchronized (RoleSession.this) {
                    expiration = Instant.MIN;
                }
            }
        };
    }

    private synchronized AwsSessionCredentials session(RunLedger ledger, Instant deadline) {
        if (current != null && wall.instant().plus(refreshBefore).isBefore(expiration)) {
            return current;
        }
        AssumeRoleResponse r = assumeRole.call(
                new Target(account(), "us-east-1", base, ledger, deadline),
                AssumeRoleRequest.builder()
                        .roleArn(roleArn)
                        .roleSessionName(sessionName)
                        .externalId(externalId)
                        .durationSeconds((int) duration.toSeconds())
                        .build());
        var c = r.credentials();
        current = AwsSessionCredentials.builder()
                .accessKeyId(c.accessKeyId())
                .secretAccessKey(c.secretAccessKey())
                .sessionToken(c.sessionToken())
                .expirationTime(c.expiration())
                .build();
        expiration = c.expiration();
        return current;
    }
}
