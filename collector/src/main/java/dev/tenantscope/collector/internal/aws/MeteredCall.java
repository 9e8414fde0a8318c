package dev.tenantscope.collector.internal.aws;

import dev.tenantscope.collector.internal.run.CollectorMetrics;
import java.util.function.ToLongFunction;

/** Meters every attempt into the account's ledger and the process metrics; units count only when served. */
public final class MeteredCall<Q, R> implements AwsCall<Q, R> {
    private final AwsCall<Q, R> inner;
    private final ToLongFunction<Q> units;
    private final CollectorMetrics metrics;

    public MeteredCall(AwsCall<Q, R> inner, ToLongFunction<Q> units, CollectorMetrics metrics) {
        this.inner = inner;
        this.units = units;
        this.metrics = metrics;
    }

    @Override
    public ApiId api() {
        return inner.api();
    }

    @Override
    public R call(Target target, Q request) {
        try {
            R response = inner.call(target, request);
            target.ledger().call(api(), units.applyAsLong(request));
            metrics.call(api());
            return response;
        } catch (RuntimeException e) {
            ErrorClass error = ErrorClass.of(e);
            target.ledger().call(api(), 0);
            target.ledger().error(error);
            metrics.call(api());
            metrics.error(api(), error);
            throw e;
        }
    }
}
