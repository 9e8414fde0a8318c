package dev.tenantscope.collector;

/**
 * The collector cannot read cost as the payer sees it, so it refuses to start rather than publish $0 tenants.
 * The message says what was found and the fix (the key to set, the template to deploy).
 */
public final class PayerAccessException extends IllegalStateException {
    public PayerAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
