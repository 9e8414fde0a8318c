package dev.tenantscope.queryapi.internal;

/** A request the API refuses: answered as {@code {"error":{status, code, parameter, message}}}. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String parameter;

    public ApiException(int status, String code, String parameter, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.parameter = parameter;
    }

    public static ApiException badParameter(String parameter, String message) {
        return new ApiException(400, "invalid_parameter", parameter, parameter + ": " + message);
    }

    /** The one answer for a tenant that does not exist and a tenant the caller may not see. */
    public static ApiException tenantNotFound(String parameter) {
        return new ApiException(404, "not_found", parameter, "no such tenant");
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The offending parameter, or null. */
    public String parameter() {
        return parameter;
    }
}
