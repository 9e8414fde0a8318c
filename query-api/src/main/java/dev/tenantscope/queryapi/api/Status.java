package dev.tenantscope.queryapi.api;

import static dev.tenantscope.queryapi.api.Checks.present;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/** {@code /healthz} and {@code /readyz}: a status, the engine when ready, the reason when not. */
public record Status(
        String status,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String engine,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String reason) {

    public Status {
        present(status, "Status.status");
    }

    public static Status alive() {
        return new Status("ok", null, null);
    }

    public static Status ready(String engine) {
        return new Status("ready", present(engine, "Status.engine"), null);
    }

    public static Status notReady(String reason) {
        return new Status("not ready", null, present(reason, "Status.reason"));
    }
}
