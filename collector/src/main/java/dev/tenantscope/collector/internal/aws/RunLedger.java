package dev.tenantscope.collector.internal.aws;

import dev.tenantscope.model.Money;
import dev.tenantscope.model.events.ApiUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The metered calls of one account's run (every attempt counts: AWS bills each request it receives). */
public final class RunLedger {
    private final Map<ApiId, long[]> byApi = new TreeMap<>();
    private final Map<String, Long> errorsByClass = new TreeMap<>();
    private long throttles;

    public synchronized void call(ApiId api, long units) {
        long[] c = byApi.computeIfAbsent(api, k -> new long[2]);
        c[0]++;
        c[1] += units;
    }

    /** Units known only later (Logs Insights bytes scanned arrive with the final result). */
    public synchronized void units(ApiId api, long units) {
        byApi.computeIfAbsent(api, k -> new long[2])[1] += units;
    }

    public synchronized void error(ErrorClass error) {
        errorsByClass.merge(error.label(), 1L, Long::sum);
        if (error == ErrorClass.THROTTLING) {
            throttles++;
        }
    }

    public synchronized long calls() {
        return byApi.values().stream().mapToLong(c -> c[0]).sum();
    }

    public synchronized long calls(ApiId api) {
        long[] c = byApi.get(api);
        return c == null ? 0 : c[0];
    }

    public synchronized long units(ApiId api) {
        long[] c = byApi.get(api);
        return c == null ? 0 : c[1];
    }

    public synchronized long throttles() {
        return throttles;
    }

    public synchronized Map<String, Long> errorsByClass() {
        return Map.copyOf(errorsByClass);
    }

    public synchronized List<ApiUsage> usage(Pricer pricer) {
        List<ApiUsage> out = new ArrayList<>();
        byApi.forEach((api, c) -> out.add(new ApiUsage(
                api.service(),
                api.operation(),
                c[0],
                pricer.billable(api, c[0], c[1]),
                pricer.unit(api),
                pricer.cost(api, c[0], c[1]))));
        return out;
    }

    public static Money total(List<ApiUsage> usage) {
        Money sum = Money.zero(Money.USD);
        for (ApiUsage u : usage) {
            sum = sum.plus(u.cost());
        }
        return sum;
    }

    /** Adds another ledger's counts (a fleet total, or a run's cost share). */
    public synchronized void addAll(RunLedger other) {
        Map<ApiId, long[]> copy;
        Map<String, Long> errs;
        long thr;
        synchronized (other) {
            copy = new TreeMap<>();
            other.byApi.forEach((k, v) -> copy.put(k, v.clone()));
            errs = Map.copyOf(other.errorsByClass);
            thr = other.throttles;
        }
        copy.forEach((k, v) -> {
            long[] c = byApi.computeIfAbsent(k, x -> new long[2]);
            c[0] += v[0];
            c[1] += v[1];
        });
        errs.forEach((k, v) -> errorsByClass.merge(k, v, Long::sum));
        throttles += thr;
    }

    public synchronized Map<ApiId, long[]> snapshot() {
        Map<ApiId, long[]> copy = new TreeMap<>();
        byApi.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }
}
