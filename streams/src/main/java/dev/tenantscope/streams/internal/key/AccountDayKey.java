package dev.tenantscope.streams.internal.key;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Validate;
import java.time.LocalDate;

/** One account on one day (UTC): the key of the collector's API spend per account and day. */
public record AccountDayKey(AccountId account, LocalDate day) {
    public static final KeySerde<AccountDayKey> SERDE =
            KeySerde.of(AccountDayKey.class, KeyKind.ACCOUNT_DAY, AccountDayKey::write, AccountDayKey::read);

    public AccountDayKey {
        Validate.notNull("account", account);
        Validate.notNull("day", day);
    }

    static void write(KeyWriter w, AccountDayKey k) {
        w.string(k.account.value()).date(k.day);
    }

    static AccountDayKey read(KeyReader r) {
        AccountId account = AccountId.of(r.string("account"));
        return new AccountDayKey(account, r.date("day"));
    }
}
