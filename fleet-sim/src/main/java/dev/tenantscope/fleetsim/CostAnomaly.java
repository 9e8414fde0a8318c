package dev.tenantscope.fleetsim;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import java.time.LocalDate;

/**
 * An injected cost anomaly: one service's daily usage in one account multiplied by {@code factor} on every day
 * from {@code firstDay} to {@code lastDay} (inclusive). Estimates of those days deviate from the final amount as
 * every other day's do.
 */
public record CostAnomaly(
        AccountId account, TenantId tenant, String service, LocalDate firstDay, LocalDate lastDay, double factor) {}
