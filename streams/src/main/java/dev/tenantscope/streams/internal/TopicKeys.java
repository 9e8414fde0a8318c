package dev.tenantscope.streams.internal;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.streams.internal.key.QuotaKey;
import java.time.Instant;

/**
 * The output-topic keys and alert ids this module spells itself (the others are the model records' {@code key()}).
 * They are a contract with the sink, the ClickHouse tables and whoever reads the topics: their text never
 * changes. Inside the topology keys are typed (package {@code key}); '|'-joined text exists only here.
 */
final class TopicKeys {
    private TopicKeys() {}

    /** {@code tenantscope.alerts} key of a quota alert: {@code tenant|account|region|serviceCode|quotaCode}. */
    static String quotaAlert(TenantId tenant, QuotaKey quota) {
        return tenant.value() + "|" + quota(quota);
    }

    /** A quota alert's id, the same from open to close: {@code quota|account|region|serviceCode|quotaCode|openedMs}. */
    static String quotaAlertId(QuotaKey quota, Instant openedAt) {
        return "quota|" + quota(quota) + "|" + openedAt.toEpochMilli();
    }

    /** {@code tenantscope.alerts} key of a noisy-tenant alert: {@code tenant|namespace metric}. */
    static String noisyAlert(TenantId tenant, String subject) {
        return tenant.value() + "|" + subject;
    }

    /** A noisy-tenant alert's id: {@code noisy|tenant|namespace metric|openedMs}. */
    static String noisyAlertId(TenantId tenant, String subject, Instant openedAt) {
        return "noisy|" + tenant.value() + "|" + subject + "|" + openedAt.toEpochMilli();
    }

    /** {@code tenantscope.alerts} key of a cost-anomaly alert: {@code tenant|account|service}. */
    static String costAlert(TenantId tenant, AccountId account, String service) {
        return tenant.value() + "|" + account.value() + "|" + service;
    }

    /** A cost-anomaly alert's id: {@code cost|tenant|account|service|openedMs}. */
    static String costAlertId(TenantId tenant, AccountId account, String service, Instant openedAt) {
        return "cost|" + costAlert(tenant, account, service) + "|" + openedAt.toEpochMilli();
    }

    private static String quota(QuotaKey q) {
        return q.account().value() + "|" + q.region() + "|" + q.serviceCode() + "|" + q.quotaCode();
    }
}
