package dev.tenantscope.fleetsim.internal;

/** An AWS-shaped error: the code the SDK maps to an exception, the HTTP status and a message. */
public final class SimError extends RuntimeException {
    public final String code;
    public final int status;
    public final boolean throttle;

    public SimError(int status, String code, String message) {
        this(status, code, message, false);
    }

    public SimError(int status, String code, String message, boolean throttle) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.throttle = throttle;
    }

    public static SimError validation(String code, String message) {
        return new SimError(400, code, message);
    }
}
