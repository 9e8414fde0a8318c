package dev.tenantscope.streams.internal.key;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.Validate;
import java.time.LocalDate;

/**
 * A tenant's account on one day: the key of the workload/baseline summary (its key on
 * {@code tenantscope.tenant.cost.daily.summary} is {@code TenantDaySummary.key()}).
 */
public record TenantAccountDayKey(TenantId tenant, AccountId account, LocalDate day) {
    public static final KeySerde<TenantAccountDayKey> SERDE = KeySerde.of(
            TenantAccountDayKey.class,
            KeyKind.TENANT_ACCOUNT_DAY,
            TenantAccountDayKey::write,
            TenantAccountDayKey::read);

    public TenantAccountDayKey {
        Validate.notNull("tenant", tenant);
        Validate.notNull("account", account);
        Validate.notNull("day", day);
    }

    static void write(KeyWriter w, TenantAccountDayKey k) {
        w.string(k.tenant.value()).string(k.account.value()).date(k.day);
    }

    static TenantAccountDayKey read(KeyReader r) {
        TenantId tenant = TenantId.of(r.string("tenant"));
        AccountId account = AccountId.of(r.string("account"));
        return new TenantAccountDayKey(tenant, account, r.date("day"));
    }
}
