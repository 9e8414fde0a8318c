package dev.tenantscope.model.events;

import dev.tenantscope.model.Money;
import dev.tenantscope.model.Validate;

/**
 * Metered AWS calls of one operation, and what they cost us.
 *
 * @param billableUnits what the operation bills by: metrics requested, pages, bytes scanned, or requests
 * @param unit the name of that unit ("metrics", "pages", "bytes", "requests")
 */
public record ApiUsage(String service, String operation, long calls, long billableUnits, String unit, Money cost) {
    public ApiUsage {
        Validate.notBlank("service", service);
        Validate.notBlank("operation", operation);
        Validate.notNegative("calls", calls);
        Validate.notNegative("billableUnits", billableUnits);
        Validate.notBlank("unit", unit);
        Validate.notNull("cost", cost);
    }
}
