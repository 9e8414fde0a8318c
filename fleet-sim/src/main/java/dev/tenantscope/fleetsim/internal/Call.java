package dev.tenantscope.fleetsim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenantscope.fleetsim.Meter;

/**
 * One decoded AWS call.
 *
 * @param region the region the request was signed for (SigV4 credential scope)
 * @param unit the caller's workload unit in that region ({@link Fleet#unit}), -1 when the account runs nothing there
 *     or the caller is the management account
 */
public record Call(
        String service,
        String operation,
        Protocol protocol,
        JsonNode input,
        Caller caller,
        String region,
        int unit,
        long now,
        Meter.Call meter) {

    public String text(String field) {
        JsonNode n = input.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    public String required(String field, String code) {
        String v = text(field);
        if (v == null || v.isEmpty()) {
            throw new SimError(
                    400,
                    code,
                    "1 validation error detected: Value null at '" + field
                            + "' failed to satisfy constraint: Member must not be null");
        }
        return v;
    }

    /** An integer field within [min, max], or {@code dflt} when absent. */
    public int integer(String field, int dflt, int min, int max, String code) {
        JsonNode n = input.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        long v;
        if (n.isNumber()) {
            v = n.asLong();
        } else {
            try {
                v = Long.parseLong(n.asText().strip());
            } catch (NumberFormatException e) {
                throw new SimError(400, code, field + ": expected an integer, got '" + n.asText() + "'");
            }
        }
        if (v < min || v > max) {
            throw new SimError(
                    400,
                    code,
                    "1 validation error detected: Value '" + v + "' at '" + field
                            + "' failed to satisfy constraint: Member must have value between " + min + " and " + max);
        }
        return (int) v;
    }
}
