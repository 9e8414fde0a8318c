package dev.tenantscope.model.events;

/** An account's state in AWS Organizations. Only ACTIVE accounts are polled; the others keep their history. */
public enum AccountStatus {
    ACTIVE,
    SUSPENDED,
    CLOSED;

    public boolean polled() {
        return this == ACTIVE;
    }
}
