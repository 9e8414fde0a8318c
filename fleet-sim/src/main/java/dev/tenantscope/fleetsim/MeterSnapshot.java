package dev.tenantscope.fleetsim;

import java.util.List;
import java.util.function.Predicate;

/** Calls counted by (account, service, operation); service is the SigV4 signing name (sts, monitoring, logs, ce…). */
public record MeterSnapshot(List<Entry> entries) {

    /**
     * @param account the caller's account (from its credentials)
     * @param errors calls answered with an error, throttles included
     * @param metricsRequested GetMetricData queries (what AWS bills)
     * @param bytesScanned Logs Insights bytes scanned
     */
    public record Entry(
            String account,
            String service,
            String operation,
            long calls,
            long errors,
            long throttled,
            long metricsRequested,
            long bytesScanned) {}

    public MeterSnapshot {
        entries = List.copyOf(entries);
    }

    public long calls(String service, String operation) {
        return sum(e -> e.service.equals(service) && e.operation.equals(operation), Entry::calls);
    }

    public long calls(String account, String service, String operation) {
        return sum(
                e -> e.account.equals(account) && e.service.equals(service) && e.operation.equals(operation),
                Entry::calls);
    }

    public long totalCalls() {
        return sum(e -> true, Entry::calls);
    }

    public long throttled() {
        return sum(e -> true, Entry::throttled);
    }

    public long errors() {
        return sum(e -> true, Entry::errors);
    }

    public long metricsRequested() {
        return sum(e -> true, Entry::metricsRequested);
    }

    public long bytesScanned() {
        return sum(e -> true, Entry::bytesScanned);
    }

    private long sum(Predicate<Entry> filter, java.util.function.ToLongFunction<Entry> field) {
        return entries.stream().filter(filter).mapToLong(field).sum();
    }
}
