package dev.tenantscope.fleetsim;

/** A tenant's plan; sizes its workload. The tag value is the lower-case name. */
public enum Tier {
    FREE,
    STANDARD,
    ENTERPRISE;

    public String tagValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
