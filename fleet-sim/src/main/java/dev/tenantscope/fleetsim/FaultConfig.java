package dev.tenantscope.fleetsim;

import java.util.Map;
import java.util.Set;

/**
 * Faults to inject; immutable. Rates are spread evenly over calls (rate 0.5 = every second call of that key), so
 * tests are deterministic; account fractions pick a fixed set from the seed, which {@link Faults} lists.
 *
 * @param latencyFixedMs added to every AWS call
 * @param latencyRandomMs plus a uniform random 0..this
 * @param throttleRates by {@code service} or {@code service:Operation} (signing name, e.g. {@code monitoring:GetMetricData}),
 *     or {@code *}; the most specific key wins
 * @param serverErrorRate share of calls answered 500 InternalFailure
 * @param deletedRoleFraction share of accounts whose role is deleted (AssumeRole → AccessDenied)
 * @param deletedRoleAccounts explicit accounts whose role is deleted
 * @param externalIdMismatchFraction share of accounts whose trust policy expects another ExternalId
 * @param externalIdMismatchAccounts explicit such accounts
 * @param suspendedAccounts accounts whose AssumeRole fails as if suspended
 * @param credentialTtlSeconds when > 0, issued credentials are rejected (ExpiredToken) this many simulated
 *     seconds after issue, whatever Expiration said
 * @param serverErrorRates 5xx rates by {@code service} or {@code service:Operation} (or {@code *}), the most
 *     specific key wins over {@code serverErrorRate}: one failing API while the others answer
 * @param metricResultFaults GetMetricData results by namespace answered {@code Forbidden} (an SCP-style deny) or
 *     {@code InternalError} with no datapoints, the call itself succeeding
 * @param insightsBusySlots Logs Insights query slots (of 30 per account) held by the tenant's own dashboards
 * @param insightsQueryRunMillis a Logs Insights query reports Running for this long (wall clock) before its results
 */
public record FaultConfig(
        int latencyFixedMs,
        int latencyRandomMs,
        Map<String, Double> throttleRates,
        double serverErrorRate,
        double deletedRoleFraction,
        Set<String> deletedRoleAccounts,
        double externalIdMismatchFraction,
        Set<String> externalIdMismatchAccounts,
        Set<String> suspendedAccounts,
        int credentialTtlSeconds,
        Map<String, Double> serverErrorRates,
        Map<String, String> metricResultFaults,
        int insightsBusySlots,
        long insightsQueryRunMillis) {

    /** The per-result StatusCodes a {@link #metricResultFaults} entry may name. */
    public static final Set<String> METRIC_RESULT_FAULTS = Set.of("Forbidden", "InternalError");

    public FaultConfig {
        if (latencyFixedMs < 0 || latencyRandomMs < 0) {
            throw new IllegalArgumentException("latencyFixedMs/latencyRandomMs: expected >= 0");
        }
        throttleRates = Map.copyOf(throttleRates == null ? Map.of() : throttleRates);
        throttleRates.forEach((k, v) -> fraction("throttleRates." + k, v));
        fraction("serverErrorRate", serverErrorRate);
        fraction("deletedRoleFraction", deletedRoleFraction);
        fraction("externalIdMismatchFraction", externalIdMismatchFraction);
        deletedRoleAccounts = Set.copyOf(deletedRoleAccounts == null ? Set.of() : deletedRoleAccounts);
        externalIdMismatchAccounts =
                Set.copyOf(externalIdMismatchAccounts == null ? Set.of() : externalIdMismatchAccounts);
        suspendedAccounts = Set.copyOf(suspendedAccounts == null ? Set.of() : suspendedAccounts);
        if (credentialTtlSeconds < 0) {
            throw new IllegalArgumentException("credentialTtlSeconds: expected >= 0, got " + credentialTtlSeconds);
        }
        serverErrorRates = Map.copyOf(serverErrorRates == null ? Map.of() : serverErrorRates);
        serverErrorRates.forEach((k, v) -> fraction("serverErrorRates." + k, v));
        if (insightsQueryRunMillis < 0) {
            throw new IllegalArgumentException("insightsQueryRunMillis: expected >= 0, got " + insightsQueryRunMillis);
        }
        if (insightsBusySlots < 0 || insightsBusySlots > 30) {
            throw new IllegalArgumentException("insightsBusySlots: expected 0..30, got " + insightsBusySlots);
        }
        metricResultFaults = Map.copyOf(metricResultFaults == null ? Map.of() : metricResultFaults);
        metricResultFaults.forEach((ns, status) -> {
            if (!METRIC_RESULT_FAULTS.contains(status)) {
                throw new IllegalArgumentException("metricResultFaults." + ns + ": expected one of "
                        + new java.util.TreeSet<>(METRIC_RESULT_FAULTS) + ", got " + status);
            }
        });
    }

    private static void fraction(String field, Double value) {
        if (value == null || !(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(field + ": expected a fraction in [0, 1], got " + value);
        }
    }

    public static FaultConfig none() {
        return new FaultConfig(0, 0, Map.of(), 0, 0, Set.of(), 0, Set.of(), Set.of(), 0, Map.of(), Map.of(), 0, 0);
    }

    public FaultConfig withLatency(int fixedMs, int randomMs) {
        return edit(e -> {
            e.latencyFixedMs = fixedMs;
            e.latencyRandomMs = randomMs;
        });
    }

    public FaultConfig withThrottle(String key, double rate) {
        return edit(e -> e.throttleRates = with(throttleRates, key, rate));
    }

    public FaultConfig withServerErrorRate(double rate) {
        return edit(e -> e.serverErrorRate = rate);
    }

    public FaultConfig withDeletedRoles(double fraction, Set<String> accounts) {
        return edit(e -> {
            e.deletedRoleFraction = fraction;
            e.deletedRoleAccounts = accounts;
        });
    }

    public FaultConfig withExternalIdMismatch(double fraction, Set<String> accounts) {
        return edit(e -> {
            e.externalIdMismatchFraction = fraction;
            e.externalIdMismatchAccounts = accounts;
        });
    }

    public FaultConfig withSuspendedAccounts(Set<String> accounts) {
        return edit(e -> e.suspendedAccounts = accounts);
    }

    public FaultConfig withCredentialTtlSeconds(int seconds) {
        return edit(e -> e.credentialTtlSeconds = seconds);
    }

    /** Calls of {@code key} ({@code service} or {@code service:Operation}) answered 5xx at {@code rate}. */
    public FaultConfig withServerErrors(String key, double rate) {
        return edit(e -> e.serverErrorRates = with(serverErrorRates, key, rate));
    }

    /** GetMetricData results of {@code namespace} answered with {@code status} (Forbidden or InternalError). */
    public FaultConfig withMetricResultFault(String namespace, String status) {
        return edit(e -> e.metricResultFaults = with(metricResultFaults, namespace, status));
    }

    /** {@code slots} of each account's 30 concurrent Logs Insights queries taken by the tenant's dashboards. */
    public FaultConfig withInsightsBusySlots(int slots) {
        return edit(e -> e.insightsBusySlots = slots);
    }

    /** Every Logs Insights query runs this long (wall clock) before it completes. */
    public FaultConfig withInsightsQueryRunMillis(long millis) {
        return edit(e -> e.insightsQueryRunMillis = millis);
    }

    private static <V> Map<String, V> with(Map<String, V> map, String key, V value) {
        Map<String, V> copy = new java.util.HashMap<>(map);
        copy.put(key, value);
        return copy;
    }

    /** A copy with {@code change} applied; the canonical constructor validates the result. */
    private FaultConfig edit(java.util.function.Consumer<Edit> change) {
        Edit e = new Edit(this);
        change.accept(e);
        return e.build();
    }

    /** The fields of a config being edited by a wither. */
    private static final class Edit {
        int latencyFixedMs;
        int latencyRandomMs;
        Map<String, Double> throttleRates;
        double serverErrorRate;
        double deletedRoleFraction;
        Set<String> deletedRoleAccounts;
        double externalIdMismatchFraction;
        Set<String> externalIdMismatchAccounts;
        Set<String> suspendedAccounts;
        int credentialTtlSeconds;
        Map<String, Double> serverErrorRates;
        Map<String, String> metricResultFaults;
        int insightsBusySlots;
        long insightsQueryRunMillis;

        Edit(FaultConfig c) {
            latencyFixedMs = c.latencyFixedMs;
            latencyRandomMs = c.latencyRandomMs;
            throttleRates = c.throttleRates;
            serverErrorRate = c.serverErrorRate;
            deletedRoleFraction = c.deletedRoleFraction;
            deletedRoleAccounts = c.deletedRoleAccounts;
            externalIdMismatchFraction = c.externalIdMismatchFraction;
            externalIdMismatchAccounts = c.externalIdMismatchAccounts;
            suspendedAccounts = c.suspendedAccounts;
            credentialTtlSeconds = c.credentialTtlSeconds;
            serverErrorRates = c.serverErrorRates;
            metricResultFaults = c.metricResultFaults;
            insightsBusySlots = c.insightsBusySlots;
            insightsQueryRunMillis = c.insightsQueryRunMillis;
        }

        FaultConfig build() {
            return new FaultConfig(
                    latencyFixedMs,
                    latencyRandomMs,
                    throttleRates,
                    serverErrorRate,
                    deletedRoleFraction,
                    deletedRoleAccounts,
                    externalIdMismatchFraction,
                    externalIdMismatchAccounts,
                    suspendedAccounts,
                    credentialTtlSeconds,
                    serverErrorRates,
                    metricResultFaults,
                    insightsBusySlots,
                    insightsQueryRunMillis);
        }
    }

    /** The 5xx rate for a call: {@code service:Operation}, else {@code service}, else {@code *}, else the flat rate. */
    public double serverErrorRate(String service, String operation) {
        Double rate = mostSpecific(serverErrorRates, service, operation);
        return rate == null ? serverErrorRate : rate;
    }

    /** The throttle rate for a call: {@code service:Operation}, else {@code service}, else {@code *}, else 0. */
    public double throttleRate(String service, String operation) {
        Double rate = mostSpecific(throttleRates, service, operation);
        return rate == null ? 0 : rate;
    }

    private static Double mostSpecific(Map<String, Double> rates, String service, String operation) {
        Double rate = rates.get(service + ":" + operation);
        if (rate == null) {
            rate = rates.get(service);
        }
        return rate != null ? rate : rates.get("*");
    }
}
