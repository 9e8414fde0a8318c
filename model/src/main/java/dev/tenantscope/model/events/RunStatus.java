package dev.tenantscope.model.events;

/** How one account's collection went. A failing account is data, not an exception. */
public enum RunStatus {
    /** Every puller succeeded. */
    OK,
    /** Some pullers failed (throttled past budget, 5xx); the rest was collected. */
    PARTIAL,
    /** We cannot get in: AccessDenied on AssumeRole (role deleted, ExternalId mismatch, account suspended). */
    UNOBSERVABLE,
    /** Nothing was collected for another reason. */
    FAILED
}
