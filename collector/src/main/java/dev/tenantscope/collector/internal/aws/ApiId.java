package dev.tenantscope.collector.internal.aws;

/** An AWS operation as metered and priced: {@code service} is the signing name (monitoring, ce, logs, …). */
public record ApiId(String service, String operation) implements Comparable<ApiId> {
    @Override
    public int compareTo(ApiId o) {
        return key().compareTo(o.key());
    }

    public String key() {
        return service + ":" + operation;
    }

    @Override
    public String toString() {
        return key();
    }
}
