package dev.tenantscope.fleetsim.internal;

/** The wire protocols the simulator speaks. */
public enum Protocol {
    /** AWS Query: form-encoded request, XML response (STS; CloudWatch from the AWS CLI v2). */
    QUERY,
    /** JSON 1.0 with query-compatible errors (CloudWatch from the AWS CLI v1). */
    JSON10,
    /** JSON 1.1 (Logs, Cost Explorer, Service Quotas, Organizations). */
    JSON11,
    /** Smithy RPCv2 CBOR (CloudWatch from the Java SDK). */
    CBOR
}
