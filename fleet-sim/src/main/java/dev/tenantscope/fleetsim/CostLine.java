package dev.tenantscope.fleetsim;

import dev.tenantscope.model.AccountId;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One day of one service in one account, as Cost Explorer reports it at some time.
 *
 * @param amount USD, at most 6 decimals; negative when a credit or refund outweighs usage
 * @param estimated Cost Explorer's {@code Estimated}: true while the day may still be restated within 3 days
 * @param baseline true for the per-account baseline services, false for workload services
 */
public record CostLine(
        AccountId account, LocalDate day, String service, BigDecimal amount, boolean estimated, boolean baseline) {}
