package dev.tenantscope.queryapi;

/** What a bearer token may see. */
public enum Role {
    /** Everything, every tenant, including {@code /metrics}. */
    ADMIN,
    /** Cost, baseline overhead and finance exports of every tenant; not fleet health, alerts or metrics. */
    FINANCE,
    /** Everything about one tenant; any other tenant answers 404. */
    TENANT
}
