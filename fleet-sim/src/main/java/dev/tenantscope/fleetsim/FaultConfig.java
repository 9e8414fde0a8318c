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
        return new FaultConfig(
                fixedMs,
                randomMs,
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

    public FaultConfig withThrottle(String key, double rate) {
        var rates = new java.util.HashMap<>(throttleRates);
        rates.put(key, rate);
        return new FaultConfig(
                latencyFixedMs,
                latencyRandomMs,
                rates,
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

    public FaultConfig withServerErrorRate(double rate) {
        return new FaultConfig(
                latencyFixedMs,
                latencyRandomMs,
                throttleRates,
                rate,
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

    public FaultConfig withDeletedRoles(double fraction, Set<String> accounts) {
        return new FaultConfig(
                latencyFixedMs,
                latencyRandomMs,
                throttleRates,
                serverErrorRate,
                fraction,
                accounts,
                externalIdMismatchFraction,
                externalIdMismatchAccounts,
                suspendedAccounts,
                credentialTtlSeconds,
                serverErrorRates,
                metricResultFaults,
                insightsBusySlots,
                insightsQueryRunMillis);
    }

    public FaultConfig withExternalIdMismatch(double fraction, Set<String> accounts) {
        return new FaultConfig(
                latencyFixedMs,
                latencyRandomMs,
                throttleRates,
                serverErrorRate,
                deletedRoleFraction,
                deletedRoleAccounts,
                fraction,
                accounts,
                suspendedAccounts,
                credentialTtlSeconds,
                serverErrorRates,
                metricResultFaults,
                insightsBusySlots,
                insightsQueryRunMillis);
    }

    public FaultConfig withSuspendedAccounts(Set<String> accounts) {
        return new FaultConfig(
                latencyFixedMs,
                latencyRandomMs,
                throttleRates,
                serverErrorRate,
                deletedRoleFraction,
                deletedRoleAccounts,
                externalIdMismatchFraction,
                externalIdMismatchAccounts,
                accounts,
                credentialTtlSeconds,
                serverErrorRates,
                metricResultFaults,
                insightsBusySlots,
                insightsQueryRunMillis);
    }

    public FaultConfig withCredentialTtlSeconds(int seconds) {
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
                seconds,
                serverErrorRates,
                metricResultFaults,
                insightsBusySlots,
                insightsQueryRunMillis);
    }

    /** Calls of {@code key} ({@code service} or {@code service:Operation}) answered 5xx at {@code rate}. */
    public FaultConfig withServerErrors(String key, double rate) {
        var rates = new java.util.HashMap<>(serverErrorRates);
        rates.put(key, rate);
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
                rates,
                metricResultFaults,
                insightsBusySlots,
                insightsQueryRunMillis);
    }

    /** GetMetricData results of {@code namespace} answered with {@code status} (Forbidden or InternalError). */
    public FaultConfig withMetricResultFault(String namespace, String status) {
        var faults = new java.util.HashMap<>(metricResultFaults);
        faults.put(namespace, status);
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
                faults,
                insightsBusySlots,
                insightsQueryRunMillis);
    }

    /** {@code slots} of each account's 30 concurrent Logs Insights queries taken by the tenant's dashboards. */
    public FaultConfig withInsightsBusySlots(int slots) {
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
                slots,
                insightsQueryRunMillis);
    }

    /** Every Logs Insights query runs this long (wall clock) before it completes. */
    public FaultConfig withInsightsQueryRunMillis(long millis) {
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
                millis);
    }

    /** The 5xx rate for a call: {@code service:Operation}, else {@code service}, else {@code *}, else the flat rate. */
    public double serverErrorRate(String service, String operation) {
        Double rate = serverErrorRates.get(service + ":" + operation);
        if (rate == null) {
            rate = serverErrorRates.get(service);
        }
        if (rate == null) {
            rate = serverErrorRates.get("*");
        }
        return rate == null ? serverErrorRate : rate;
    }

    /** The throttle rate for a call: {@code service:Operation}, else {@code service}, else {@code *}, else 0. */
    public double throttleRate(String service, String operation) {
        Double rate = throttleRates.get(service + ":" + operation);
        if (rate == null) {
            rate = throttleRates.get(service);
        }
        if (rate == null) {
            rate = throttleRates.get("*");
        }
        return rate == null ? 0 : rate;
    }
}
