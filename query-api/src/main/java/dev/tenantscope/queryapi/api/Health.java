package dev.tenantscope.queryapi.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A tenant's health: {@code critical} (an open critical alert, or no account observable), {@code warn} (any
 * open alert, unobservable or stale account), else {@code ok}.
 */
public enum Health {
    OK,
    WARN,
    CRITICAL;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
