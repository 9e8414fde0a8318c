package dev.tenantscope.fleetsim.internal;

import java.util.List;
import java.util.Map;

/** The account-level metrics the simulator serves. */
public enum Metric {
    LAMBDA_INVOCATIONS("AWS/Lambda", "Invocations", "Count"),
    LAMBDA_ERRORS("AWS/Lambda", "Errors", "Count"),
    LAMBDA_THROTTLES("AWS/Lambda", "Throttles", "Count"),
    LAMBDA_DURATION("AWS/Lambda", "Duration", "Milliseconds"),
    LAMBDA_CONCURRENT("AWS/Lambda", "ConcurrentExecutions", "Count"),
    DDB_READ("AWS/DynamoDB", "ConsumedReadCapacityUnits", "Count"),
    DDB_WRITE("AWS/DynamoDB", "ConsumedWriteCapacityUnits", "Count"),
    DDB_THROTTLED("AWS/DynamoDB", "ThrottledRequests", "Count"),
    EVENTS_INVOCATIONS("AWS/Events", "Invocations", "Count"),
    EVENTS_FAILED("AWS/Events", "FailedInvocations", "Count"),
    API_COUNT("AWS/ApiGateway", "Count", "Count"),
    API_5XX("AWS/ApiGateway", "5XXError", "Count"),
    API_LATENCY("AWS/ApiGateway", "Latency", "Milliseconds"),
    USAGE_LAMBDA_CONCURRENCY(
            "AWS/Usage",
            "ResourceCount",
            "None",
            Map.of("Service", "Lambda", "Type", "Resource", "Resource", "ConcurrentExecutions", "Class", "None")),
    /** The tenant's own GetMetricData calls (dashboards, alarms): the usage of a per-second rate quota. */
    USAGE_GET_METRIC_DATA_CALLS(
            "AWS/Usage",
            "CallCount",
            "None",
            Map.of("Service", "CloudWatch", "Type", "API", "Resource", "GetMetricData", "Class", "None"));

    public final String namespace;
    public final String metricName;
    public final String unit;
    public final Map<String, String> dimensions;

    Metric(String namespace, String metricName, String unit) {
        this(namespace, metricName, unit, Map.of());
    }

    Metric(String namespace, String metricName, String unit, Map<String, String> dimensions) {
        this.namespace = namespace;
        this.metricName = metricName;
        this.unit = unit;
        this.dimensions = dimensions;
    }

    private static final List<Metric> ALL = List.of(values());

    public static List<Metric> all() {
        return ALL;
    }

    /** The metric with exactly these dimensions, or null (CloudWatch then returns no datapoints). */
    public static Metric find(String namespace, String metricName, Map<String, String> dimensions) {
        for (Metric m : ALL) {
            if (m.namespace.equals(namespace) && m.metricName.equals(metricName) && m.dimensions.equals(dimensions)) {
                return m;
            }
        }
        return null;
    }
}
