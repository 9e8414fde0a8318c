package dev.tenantscope.queryapi.api;

import static dev.tenantscope.queryapi.api.Checks.present;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/** Every refusal and failure: {@code {"error": {status, code, parameter?, message}}}. */
public record ErrorResponse(ErrorDetail error) {
    public ErrorResponse {
        present(error, "ErrorResponse.error");
    }

    public static ErrorResponse of(int status, String code, @Nullable String parameter, String message) {
        return new ErrorResponse(new ErrorDetail(status, code, parameter, message));
    }

    /** {@code parameter} names the offending parameter and is absent when there is none. */
    public record ErrorDetail(
            int status,
            String code,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String parameter,

            String message) {
        public ErrorDetail {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("ErrorDetail.status: expected 400..599, got " + status);
            }
            present(code, "ErrorDetail.code");
            present(message, "ErrorDetail.message");
        }
    }
}
