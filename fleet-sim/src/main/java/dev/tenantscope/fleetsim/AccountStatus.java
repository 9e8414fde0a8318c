package dev.tenantscope.fleetsim;

/** An account's lifecycle state at a given time. NOT_JOINED accounts are not listed by Organizations. */
public enum AccountStatus {
    NOT_JOINED,
    ACTIVE,
    SUSPENDED,
    CLOSED;

    /** Organizations' {@code Status}: closed accounts stay SUSPENDED for 90 days. */
    public String organizationsStatus() {
        return this == ACTIVE ? "ACTIVE" : "SUSPENDED";
    }

    /** Organizations' newer {@code State} field. */
    public String organizationsState() {
        return this == NOT_JOINED ? "PENDING_ACTIVATION" : name();
    }
}
