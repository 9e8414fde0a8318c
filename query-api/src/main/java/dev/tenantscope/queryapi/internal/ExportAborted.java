package dev.tenantscope.queryapi.internal;

/**
 * A streamed answer whose source failed after the 200 and part of the body were sent. The status can no longer
 * change, and ending the chunked body normally would hand the client a clean, truncated file; so the router lets
 * this escape to the HTTP server, which closes the connection without the final chunk: the client sees the
 * transfer fail.
 */
final class ExportAborted extends RuntimeException {
    ExportAborted(String what, Throwable cause) {
        super(what + " failed after streaming started: " + cause, cause);
    }
}
