package dev.tenantscope.collector.internal.run;

/** Signal classes the planner schedules separately. */
public enum Signal {
    /** Errors, throttles, quota usage and log error counts: what alerts fire on. */
    ALERT,
    /** Everything else: usage and performance metrics. */
    STANDARD
}
