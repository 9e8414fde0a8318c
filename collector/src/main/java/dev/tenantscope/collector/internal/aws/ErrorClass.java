package dev.tenantscope.collector.internal.aws;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** What went wrong, coarse enough to count and to decide on a retry. */
public enum ErrorClass {
    ACCESS_DENIED("AccessDenied", false),
    THROTTLING("Throttling", true),
    SERVER_ERROR("ServerError", true),
    EXPIRED_TOKEN("ExpiredToken", true),
    NETWORK("Network", true),
    CLIENT_ERROR("ClientError", false),
    TIMEOUT("Timeout", false),
    OTHER("Other", false);

    private static final Set<String> DENIED = Set.of(
            "AccessDenied",
            "AccessDeniedException",
            "UnauthorizedOperation",
            "AuthFailure",
            "UnrecognizedClientException",
            "InvalidClientTokenId",
            "AWSOrganizationsNotInUseException");
    private static final Set<String> EXPIRED = Set.of("ExpiredToken", "ExpiredTokenException", "RequestExpired");
    // CE's LimitExceededException is its throttle, and the SDK does not retry it.
    private static final Set<String> THROTTLE_CODES = Set.of("LimitExceededException", "RequestLimitExceeded");

    private final String label;
    private final boolean retryable;

    ErrorClass(String label, boolean retryable) {
        this.label = label;
        this.retryable = retryable;
    }

    public String label() {
        return label;
    }

    public boolean retryable() {
        return retryable;
    }

    public static ErrorClass of(Throwable t) {
        if (t instanceof AwsServiceException e) {
            String code =
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (code != null && EXPIRED.contains(code)) {
                return EXPIRED_TOKEN;
            }
            if (e.isThrottlingException() || (code != null && THROTTLE_CODES.contains(code))) {
                return THROTTLING;
            }
            if ((code != null && DENIED.contains(code)) || e.statusCode() == 403) {
                return ACCESS_DENIED;
            }
            if (e.statusCode() >= 500) {
                return SERVER_ERROR;
            }
            return CLIENT_ERROR;
        }
        if (t instanceof DeadlineExceeded) {
            return TIMEOUT;
        }
        if (t instanceof SdkClientException) {
            return NETWORK;
        }
        return OTHER;
    }

    /** The error code AWS sent, or the exception's simple name. */
    public static String code(Throwable t) {
        if (t instanceof AwsServiceException e
                && e.awsErrorDetails() != null
                && e.awsErrorDetails().errorCode() != null) {
            return e.awsErrorDetails().errorCode();
        }
        return t.getClass().getSimpleName();
    }

    /** Thrown instead of waiting past an account's deadline. */
    public static final class DeadlineExceeded extends RuntimeException {
        public DeadlineExceeded(String message) {
            super(message);
        }
    }
}
