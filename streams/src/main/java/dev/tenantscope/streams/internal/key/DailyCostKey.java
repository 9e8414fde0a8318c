package dev.tenantscope.streams.internal.key;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.Validate;
import dev.tenantscope.model.rollup.CostCategory;
import java.time.LocalDate;

/**
 * One per-tenant daily cost row: the lines of a tenant's account, day, service, record type, category, baseline
 * component and currency add up to it. The row's key on {@code tenantscope.tenant.cost.daily} is {@code TenantDailyCost.key()}.
 *
 * @param component the baseline component, "" for workload
 */
public record DailyCostKey(
        TenantId tenant,
        AccountId account,
        LocalDate day,
        String service,
        String recordType,
        CostCategory category,
        String component,
        String currency) {
    public static final KeySerde<DailyCostKey> SERDE =
            KeySerde.of(DailyCostKey.class, KeyKind.DAILY_COST, DailyCostKey::write, DailyCostKey::read);

    public DailyCostKey {
        Validate.notNull("tenant", tenant);
        Validate.notNull("account", account);
        Validate.notNull("day", day);
        Validate.notBlank("service", service);
        Validate.notBlank("recordType", recordType);
        Validate.notNull("category", category);
        Validate.notNull("component", component);
        Validate.notBlank("currency", currency);
    }

    static void write(KeyWriter w, DailyCostKey k) {
        w.string(k.tenant.value())
                .string(k.account.value())
                .date(k.day)
                .string(k.service)
                .string(k.recordType)
                .string(k.category.sqlName())
                .string(k.component)
                .string(k.currency);
    }

    static DailyCostKey read(KeyReader r) {
        TenantId tenant = TenantId.of(r.string("tenant"));
        AccountId account = AccountId.of(r.string("account"));
        LocalDate day = r.date("day");
        String service = r.string("service");
        String recordType = r.string("recordType");
        CostCategory category = CostCategory.ofSqlName(r.string("category"));
        String component = r.string("component");
        return new DailyCostKey(tenant, account, day, service, recordType, category, component, r.string("currency"));
    }
}
