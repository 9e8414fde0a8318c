package dev.tenantscope.streams.internal;

import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.QuotaSample;
import dev.tenantscope.model.rollup.QuotaUsage;
import dev.tenantscope.streams.internal.key.QuotaKey;

/** A quota sample with its tenant. */
public record EnrichedQuota(QuotaSample sample, TenantId tenant) {
    QuotaKey quotaKey() {
        return QuotaKey.of(sample);
    }

    QuotaUsage toUsage() {
        double usage = sample.usage();
        return new QuotaUsage(
                sample.account(),
                tenant,
                sample.region(),
                sample.serviceCode(),
                sample.quotaCode(),
                sample.quotaName(),
                sample.quotaValue(),
                usage,
                sample.utilisation().orElse(0),
                sample.timestamp(),
                sample.timestamp().toEpochMilli());
    }
}
