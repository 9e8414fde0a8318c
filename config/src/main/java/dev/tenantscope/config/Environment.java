package dev.tenantscope.config;

import java.util.Map;

/**
 * The process environment, read in this one place (STYLE.md rule 9) and handed to the binders; tests pass a map.
 * Blank variables count as unset.
 */
public record Environment(Map<String, String> variables) {
    public static final String COLLECTOR_ID = "TENANTSCOPE_COLLECTOR_ID";
    public static final String HOSTNAME = "HOSTNAME";
    public static final String EXTERNAL_ID = "TENANTSCOPE_EXTERNAL_ID";
    public static final String DATA_DIR = "TENANTSCOPE_DATA_DIR";
    public static final String KAFKA_BOOTSTRAP = "TENANTSCOPE_KAFKA_BOOTSTRAP";
    public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";
    public static final String AWS_ACCESS_KEY_ID = "TENANTSCOPE_AWS_ACCESS_KEY_ID";
    public static final String AWS_SECRET_ACCESS_KEY = "TENANTSCOPE_AWS_SECRET_ACCESS_KEY";

    public Environment {
        variables = Map.copyOf(variables);
    }

    public static Environment of(Map<String, String> variables) {
        return new Environment(variables);
    }

    /** The real process environment. */
    public static Environment system() {
        return new Environment(System.getenv());
    }

    /** The variable's value, or null when unset or blank. */
    public String get(String name) {
        String v = variables.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    @Override
    public String toString() {
        // values may be secrets
        return "Environment" + variables.keySet();
    }
}
