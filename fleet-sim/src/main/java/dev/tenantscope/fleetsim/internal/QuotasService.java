package dev.tenantscope.fleetsim.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Service Quotas ListServiceQuotas, ListAWSDefaultServiceQuotas and GetServiceQuota. Lambda concurrency has a
 * resource usage metric (Maximum); CloudWatch's GetMetricData rate quota is a per-second rate whose usage is
 * CallCount (Sum over the period asked for, to be normalised by the quota's one-second Period). Quotas whose applied
 * value is not available are left out of ListServiceQuotas and only listed by ListAWSDefaultServiceQuotas, as AWS
 * does.
 */
final class QuotasService {
    /**
     * @param usage the AWS/Usage metric, or null
     * @param periodSeconds the quota's Period for rate quotas, 0 otherwise
     * @param applied whether ListServiceQuotas lists it (its applied value is available)
     * @param global a GlobalQuota: one value for the account, the same in every region
     */
    record Quota(
            String service,
            String serviceName,
            String code,
            String name,
            double value,
            String unit,
            Metric usage,
            String statistic,
            int periodSeconds,
            boolean applied,
            boolean global) {}

    static final List<Quota> QUOTAS = List.of(
            new Quota(
                    "lambda",
                    "AWS Lambda",
                    "L-B99A9384",
                    "Concurrent executions",
                    MetricModel.LAMBDA_QUOTA,
                    "None",
                    Metric.USAGE_LAMBDA_CONCURRENCY,
                    "Maximum",
                    0,
                    true,
                    false),
            new Quota(
                    "lambda",
                    "AWS Lambda",
                    "L-2ACBD22F",
                    "Function and layer storage",
                    75,
                    "Gigabytes",
                    null,
                    null,
                    0,
                    false,
                    false),
            new Quota(
                    "monitoring",
                    "Amazon CloudWatch",
                    "L-5E141212",
                    "Rate of GetMetricData requests",
                    50,
                    "None",
                    Metric.USAGE_GET_METRIC_DATA_CALLS,
                    "Sum",
                    1,
                    false,
                    false),
            new Quota(
                    "dynamodb",
                    "Amazon DynamoDB",
                    "L-F98FE922",
                    "Maximum number of tables",
                    2500,
                    "None",
                    null,
                    null,
                    0,
                    true,
                    false),
            new Quota(
                    "apigateway",
                    "Amazon API Gateway",
                    "L-8A5B8E43",
                    "Throttle rate",
                    10000,
                    "None",
                    null,
                    null,
                    0,
                    true,
                    false),
            new Quota(
                    "events",
                    "Amazon EventBridge",
                    "L-0D0B9E9D",
                    "Invocations throttle limit in transactions per second",
                    18750,
                    "None",
                    null,
                    null,
                    0,
                    true,
                    false),
            new Quota(
                    "iam",
                    "AWS Identity and Access Management (IAM)",
                    "L-FE177D64",
                    "Roles per account",
                    1000,
                    "None",
                    null,
                    null,
                    0,
                    true,
                    true));

    private final Sim sim;

    QuotasService(Sim sim) {
        this.sim = sim;
    }

    ObjectNode call(Call c) {
        return switch (c.operation()) {
            case "ListServiceQuotas" -> list(c, true);
            case "ListAWSDefaultServiceQuotas" -> list(c, false);
            case "GetServiceQuota" -> get(c);
            default -> throw new SimError(400, "UnknownOperationException", "Unknown operation " + c.operation());
        };
    }

    private static List<Quota> ofService(String code) {
        List<Quota> qs = QUOTAS.stream().filter(q -> q.service.equals(code)).toList();
        if (qs.isEmpty()) {
            throw new SimError(
                    400,
                    "NoSuchResourceException",
                    "The request failed because the specified service " + "does not exist: " + code
                            + " (fleet-sim serves lambda, monitoring, dynamodb, apigateway, events, iam)");
        }
        return qs;
    }

    private ObjectNode list(Call c, boolean applied) {
        List<Quota> qs = ofService(c.required("ServiceCode", "ValidationException")).stream()
                .filter(q -> !applied || q.applied)
                .toList();
        int max = c.integer("MaxResults", 100, 1, 100, "ValidationException");
        int from = 0;
        String token = c.text("NextToken");
        if (token != null && !token.isEmpty()) {
            try {
                from = Integer.parseInt(Codecs.untoken(token, "InvalidPaginationTokenException"));
            } catch (NumberFormatException e) {
                throw new SimError(400, "InvalidPaginationTokenException", "Invalid pagination token");
            }
        }
        ObjectNode out = Codecs.object();
        ArrayNode arr = out.putArray("Quotas");
        int i = from;
        for (; i < qs.size() && arr.size() < max; i++) {
            write(arr.addObject(), qs.get(i), c.caller().account());
        }
        if (i < qs.size()) {
            out.put("NextToken", Codecs.token(Integer.toString(i)));
        }
        return out;
    }

    private ObjectNode get(Call c) {
        String service = c.required("ServiceCode", "ValidationException");
        String code = c.required("QuotaCode", "ValidationException");
        Quota q = ofService(service).stream()
                .filter(x -> x.code.equals(code))
                .findFirst()
                .orElseThrow(() -> new SimError(
                        400,
                        "NoSuchResourceException",
                        "The request failed because the specified " + "quota does not exist: " + service + "/" + code));
        ObjectNode out = Codecs.object();
        write(out.putObject("Quota"), q, c.caller().account());
        return out;
    }

    private static void write(ObjectNode o, Quota q, String account) {
        o.put("ServiceCode", q.service);
        o.put("ServiceName", q.serviceName);
        o.put("QuotaArn", "arn:aws:servicequotas:us-east-1:" + account + ":" + q.service + "/" + q.code);
        o.put("QuotaCode", q.code);
        o.put("QuotaName", q.name);
        o.put("Value", q.value);
        o.put("Unit", q.unit);
        o.put("Adjustable", true);
        o.put("GlobalQuota", q.global);
        if (q.periodSeconds > 0) {
            ObjectNode p = o.putObject("Period");
            p.put("PeriodValue", q.periodSeconds);
            p.put("PeriodUnit", "SECOND");
        }
        if (q.usage != null) {
            ObjectNode u = o.putObject("UsageMetric");
            u.put("MetricNamespace", q.usage.namespace);
            u.put("MetricName", q.usage.metricName);
            ObjectNode d = u.putObject("MetricDimensions");
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(q.usage.dimensions).entrySet()) {
                d.put(e.getKey(), e.getValue());
            }
            u.put("MetricStatisticRecommendation", q.statistic);
        }
    }
}
