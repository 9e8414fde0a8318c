package dev.tenantscope.model.events;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Validate;
import java.time.Instant;

/**
 * Error lines counted in one account's log groups under a prefix, for one time bin.
 *
 * @param bytesScanned bytes the query scanned, what Logs Insights bills
 */
public record LogSignal(
        AccountId account,
        String region,
        String logGroupPrefix,
        Instant binStart,
        int binSeconds,
        long errorCount,
        long bytesScanned) {

    public LogSignal {
        Validate.notNull("account", account);
        Validate.notBlank("region", region);
        Validate.notBlank("logGroupPrefix", logGroupPrefix);
        Validate.notNull("binStart", binStart);
        Validate.positive("binSeconds", binSeconds);
        Validate.notNegative("errorCount", errorCount);
        Validate.notNegative("bytesScanned", bytesScanned);
    }
}
