package dev.tenantscope.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** A 12-digit AWS account id. */
public record AccountId(@JsonValue String value) implements Comparable<AccountId> {
    private static final Pattern TWELVE_DIGITS = Pattern.compile("\\d{12}");

    public AccountId {
        Validate.notNull("account", value);
        if (!TWELVE_DIGITS.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "account: expected a 12-digit AWS account id, got '" + Validate.abbreviate(value) + "'");
        }
    }

    @JsonCreator
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
