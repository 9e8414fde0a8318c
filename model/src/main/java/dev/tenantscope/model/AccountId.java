package dev.tenantscope.model;

import java.util.regex.Pattern;

/** A 12-digit AWS account id. */
public record AccountId(String value) implements Comparable<AccountId> {
    private static final Pattern TWELVE_DIGITS = Pattern.compile("\\d{12}");

    public AccountId {
        Validate.notNull("account", value);
        if (!TWELVE_DIGITS.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "account: expected a 12-digit AWS account id, got '" + Validate.abbreviate(value) + "'");
        }
    }

    public static AccountId of(String value) {
        return new AccountId(value);
    }

    @Override
    public int compareTo(AccountId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
