package dev.tenantscope.fleetsim;

import dev.tenantscope.model.AccountId;
import java.time.Instant;

/**
 * The first minute in which a quota's usage metric reached {@code threshold} × quota value.
 *
 * @param threshold 0.80 or 0.95
 * @param at the start of the first 1-minute datapoint at or above the threshold
 */
public record QuotaCrossing(
        AccountId account, String serviceCode, String quotaCode, double quotaValue, double threshold, Instant at) {}
