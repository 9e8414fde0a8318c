package dev.tenantscope.collector.internal.aws;

import dev.tenantscope.model.AccountId;
import java.time.Instant;

/**
 * Where a call goes and on whose behalf: the account and region, the credentials to sign with, the ledger that
 * meters the calls of this account's run, and the instant after which nothing more is attempted.
 */
public record Target(AccountId account, String region, Credentials credentials, RunLedger ledger, Instant deadline) {
    public Target inRegion(String otherRegion) {
        return new Target(account, otherRegion, credentials, ledger, deadline);
    }
}
