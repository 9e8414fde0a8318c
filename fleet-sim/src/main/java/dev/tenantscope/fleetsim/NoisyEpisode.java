package dev.tenantscope.fleetsim;

import dev.tenantscope.model.TenantId;
import java.time.Instant;

/**
 * A scheduled burst for all accounts of a tenant, end exclusive.
 *
 * @param signal {@code invocations} (×10 Lambda invocations and what follows them), {@code throttles} (30% of
 *     invocations throttled, DynamoDB throttles) or {@code errors} (25% Lambda errors, 20% API Gateway 5XX, ERROR
 *     log lines)
 */
public record NoisyEpisode(TenantId tenant, String signal, Instant start, Instant end) {}
