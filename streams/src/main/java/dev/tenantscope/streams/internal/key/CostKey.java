package dev.tenantscope.streams.internal.key;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.Validate;
import dev.tenantscope.model.events.CostLine;
import java.time.LocalDate;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The upsert key of one cost line (Cost Explorer's account, day, service, usage type and record type): the key of the
 * restatement-safe cost-lines KTable. A shared account's line split across tenants gives one line per
 * {@code receiver}; the account's own lines have none.
 *
 * @param usageType "" when the pull was not grouped by usage type
 * @param recordType Cost Explorer's RECORD_TYPE (Usage, Credit, Tax, …)
 * @param receiver the tenant a shared line's split is charged to, null for the account's own line
 */
public record CostKey(
        AccountId account, LocalDate day, String service, String usageType, String recordType, TenantId receiver) {
    public static final KeySerde<CostKey> SERDE =
            KeySerde.of(CostKey.class, KeyKind.COST_LINE, CostKey::write, CostKey::read);

    public CostKey {
        Validate.notNull("account", account);
        Validate.notNull("day", day);
        Validate.notBlank("service", service);
        Validate.notNull("usageType", usageType);
        Validate.notBlank("recordType", recordType);
    }

    /** An account's day: the leading fields of its line keys. */
    public record AccountDay(AccountId account, LocalDate day) {}

    /** The leading bytes of every line key of one account and day: restatement zeroing scans them. */
    public static final Serializer<AccountDay> ACCOUNT_DAY_PREFIX = (topic, p) -> KeyWriter.of(KeyKind.COST_LINE)
            .string(p.account().value())
            .date(p.day())
            .toBytes();

    public static CostKey of(CostLine line) {
        return new CostKey(line.account(), line.day(), line.service(), line.usageType(), line.recordType(), null);
    }

    /** This line's split charged to {@code tenant}. */
    public CostKey sharedWith(TenantId tenant) {
        return new CostKey(account, day, service, usageType, recordType, Validate.notNull("receiver", tenant));
    }

    static void write(KeyWriter w, CostKey k) {
        w.string(k.account.value())
                .date(k.day)
                .string(k.service)
                .string(k.usageType)
                .string(k.recordType)
                .optionalString(k.receiver == null ? null : k.receiver.value());
    }

    static CostKey read(KeyReader r) {
        AccountId account = AccountId.of(r.string("account"));
        LocalDate day = r.date("day");
        String service = r.string("service");
        String usageType = r.string("usageType");
        String recordType = r.string("recordType");
        String receiver = r.optionalString("receiver");
        return new CostKey(
                account, day, service, usageType, recordType, receiver == null ? null : TenantId.of(receiver));
    }
}
