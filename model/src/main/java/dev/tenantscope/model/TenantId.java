package dev.tenantscope.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A tenant: the owner of one or more accounts, taken from an account tag. */
public record TenantId(@JsonValue String value) implements Comparable<TenantId> {
    /** Where records of accounts nobody has registered yet are attributed; re-attributed once registered. */
    public static final TenantId UNASSIGNED = new TenantId("unassigned");

    public static final int MAX_LENGTH = 256;

    public TenantId {
        Validate.notBlank("tenant", value);
        Validate.maxLength("tenant", value, MAX_LENGTH);
    }

    @JsonCreator
    public static TenantId of(String value) {
        return new TenantId(value);
    }

    @Override
    public int compareTo(TenantId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
