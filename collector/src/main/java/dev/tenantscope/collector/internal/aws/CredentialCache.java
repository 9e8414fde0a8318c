package dev.tenantscope.collector.internal.aws;

import dev.tenantscope.config.AwsConfig;
import dev.tenantscope.model.AccountId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

/**
 * Assumed-role sessions by account, refreshed {@code refreshBefore} ahead of their expiry so no call is signed
 * with credentials about to lapse. At most one AssumeRole per account is in flight.
 */
public final class CredentialCache {
    private final AwsCall<AssumeRoleRequest, AssumeRoleResponse> assumeRole;
    private final Credentials base;
    private final AwsConfig aws;
    private final String sessionName;
    private final List<String> externalIds;
    private final Clock clock;
    private final Map<AccountId, Session> sessions = new ConcurrentHashMap<>();
    private final Map<AccountId, Object> locks = new ConcurrentHashMap<>();

    private record Session(AwsSessionCredentials credentials, Instant expiration) {}

    /** @param clock wall clock: AWS's Expiration is real time, whatever the data clock says */
    public CredentialCache(
            AwsCall<AssumeRoleRequest, AssumeRoleResponse> assumeRole,
            Credentials base,
            AwsConfig aws,
            String sessionName,
            Clock clock) {
        this(assumeRole, base, aws, List.of(aws.externalId()), sessionName, clock);
    }

    /**
     * @param externalIds tried in order, current first: on AccessDenied the next one is tried, so during a rotation
     *     an account whose trust policy still has the old ExternalId (or already only the new one) stays observable
     */
    public CredentialCache(
            AwsCall<AssumeRoleRequest, AssumeRoleResponse> assumeRole,
            Credentials base,
            AwsConfig aws,
            List<String> externalIds,
            String sessionName,
            Clock clock) {
        if (externalIds.isEmpty()) {
            throw new IllegalArgumentException("externalIds: expected at least one ExternalId");
        }
        this.assumeRole = assumeRole;
        this.base = base;
        this.aws = aws;
        this.externalIds = List.copyOf(externalIds);
        this.sessionName = sessionName;
        this.clock = clock;
    }

    /**
     * Credentials for calls into {@code account}: resolving assumes the role when there is no fresh session; the
     * AssumeRole call is metered in {@code ledger}. Throws the SDK's exception when the role cannot be assumed.
     */
    public Credentials forAccount(AccountId account, String region, RunLedger ledger, Instant deadline) {
        return new Credentials() {
            @Override
            public AwsCredentials resolveCredentials() {
                return session(account, region, ledger, deadline);
            }

            @Override
            public void invalidate() {
                sessions.remove(account);
            }
        };
    }

    public AwsSessionCredentials session(AccountId account, String region, RunLedger ledger, Instant deadline) {
        Session s = sessions.get(account);
        if (fresh(s)) {
            return s.credentials();
        }
        synchronized (locks.computeIfAbsent(account, k -> new Object())) {
            s = sessions.get(account);
            if (fresh(s)) {
                return s.credentials();
            }
            AssumeRoleResponse r = assume(account, region, ledger, deadline);
            var c = r.credentials();
            AwsSessionCredentials creds = AwsSessionCredentials.builder()
                    .accessKeyId(c.accessKeyId())
                    .secretAccessKey(c.secretAccessKey())
                    .sessionToken(c.sessionToken())
                    .expirationTime(c.expiration())
                    .build();
            sessions.put(account, new Session(creds, c.expiration()));
            return creds;
        }
    }

    private AssumeRoleResponse assume(AccountId account, String region, RunLedger ledger, Instant deadline) {
        for (int i = 0; ; i++) {
            try {
                return assumeRole.call(
                        new Target(account, region, base, ledger, deadline),
                        AssumeRoleRequest.builder()
                                .roleArn("arn:aws:iam::" + account.value() + ":role/" + aws.roleName())
                                .roleSessionName(sessionName)
                                .externalId(externalIds.get(i))
                                .durationSeconds((int) aws.sessionDuration().toSeconds())
                                .build());
            } catch (RuntimeException e) {
                if (i + 1 >= externalIds.size() || ErrorClass.of(e) != ErrorClass.ACCESS_DENIED) {
                    throw e;
                }
            }
        }
    }

    private boolean fresh(Session s) {
        return s != null && clock.instant().plus(aws.refreshBefore()).isBefore(s.expiration());
    }

    public int size() {
        return sessions.size();
    }

    public void forget(AccountId account) {
        sessions.remove(account);
        locks.remove(account);
    }
}
