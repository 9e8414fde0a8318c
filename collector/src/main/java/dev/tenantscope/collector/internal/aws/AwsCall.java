package dev.tenantscope.collector.internal.aws;

/**
 * One AWS operation, narrowed to what the collector needs. Rate limiting, metering and retries are decorators
 * around it; the innermost implementation sends the request with the target's credentials.
 */
public interface AwsCall<Q, R> {
    ApiId api();

    R call(Target target, Q request);
}
