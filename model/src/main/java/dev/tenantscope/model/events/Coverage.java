package dev.tenantscope.model.events;

import dev.tenantscope.model.Validate;
import java.time.Instant;

/**
 * What one pull of one account covered for one signal in one region: every datapoint from {@code from} up to
 * {@code settledThrough} has been published with its final value (the source's late data has arrived). The
 * rollups of a tenant's window are final once every account being collected has covered it.
 *
 * @param namespace a CloudWatch namespace, or {@link #LOGS_NAMESPACE} for the log error counts
 * @param metric the metric name ({@link #LOGS_METRIC} for the log error counts)
 * @param statistic the statistic pulled ({@link #LOGS_STATISTIC} for the log error counts)
 * @param from start of the first period the pull asked for
 * @param settledThrough end of the last period whose value can no longer change (the pull's end, less the source's
 *     settling delay)
 */
public record Coverage(
        String region, String namespace, String metric, String statistic, Instant from, Instant settledThrough) {
    /** The namespace the rollups give log error counts (they are rolled up like a metric). */
    public static final String LOGS_NAMESPACE = "tenantscope/logs";

    public static final String LOGS_METRIC = "errors";

    public static final String LOGS_STATISTIC = "Sum";

    public Coverage {
        Validate.notBlank("region", region);
        Validate.notBlank("namespace", namespace);
        Validate.notBlank("metric", metric);
        Validate.notBlank("statistic", statistic);
        Validate.notNull("from", from);
        Validate.notNull("settledThrough", settledThrough);
        if (settledThrough.isBefore(from)) {
            throw new IllegalArgumentException(
                    "settledThrough: expected at or after from (" + from + "), got " + settledThrough);
        }
    }

    /** The log error counts of {@code region}, as the rollups see them. */
    public static Coverage logs(String region, Instant from, Instant settledThrough) {
        return new Coverage(region, LOGS_NAMESPACE, LOGS_METRIC, LOGS_STATISTIC, from, settledThrough);
    }
}
