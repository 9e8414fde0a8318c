package dev.tenantscope.streams.internal.key;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Validate;
import dev.tenantscope.model.events.QuotaSample;

/** One quota of one account in one region: the key of its alert state (trend history, open severity). */
public record QuotaKey(AccountId account, String region, String serviceCode, String quotaCode) {
    public static final KeySerde<QuotaKey> SERDE =
            KeySerde.of(QuotaKey.class, KeyKind.QUOTA, QuotaKey::write, QuotaKey::read);

    public QuotaKey {
        Validate.notNull("account", account);
        Validate.notNull("region", region);
        Validate.notNull("serviceCode", serviceCode);
        Validate.notNull("quotaCode", quotaCode);
    }

    public static QuotaKey of(QuotaSample s) {
        return new QuotaKey(s.account(), s.region(), s.serviceCode(), s.quotaCode());
    }

    static void write(KeyWriter w, QuotaKey k) {
        w.string(k.account.value()).string(k.region).string(k.serviceCode).string(k.quotaCode);
    }

    static QuotaKey read(KeyReader r) {
        AccountId account = AccountId.of(r.string("account"));
        String region = r.string("region");
        String serviceCode = r.string("serviceCode");
        return new QuotaKey(account, region, serviceCode, r.string("quotaCode"));
    }
}
