package dev.tenantscope.fleetsim;

import java.util.List;

/** The names the simulator serves: what collectors should ask for. */
public final class SimCatalog {
    private SimCatalog() {}

    /** Cost Explorer SERVICE values of workload services. */
    public static final List<String> WORKLOAD_SERVICES =
            List.of("AWS Lambda", "Amazon DynamoDB", "Amazon EventBridge", "Amazon API Gateway");

    /** Cost Explorer SERVICE values every account pays just by existing. */
    public static final List<String> BASELINE_SERVICES = List.of(
            "AWS CloudTrail", "AWS Config", "Amazon GuardDuty", "AWS Key Management Service", "AmazonCloudWatch");

    /** Cost Explorer SERVICE of the Compute Savings Plan's fees (bought in the management account). */
    public static final String SAVINGS_PLANS_SERVICE = "Savings Plans for AWS Compute usage";

    /** Cost Explorer SERVICE of tax lines (every account, every day with charges). */
    public static final String TAX_SERVICE = "Tax";

    /** Cost Explorer SERVICE of the support plan's monthly fee (management account). */
    public static final String SUPPORT_SERVICE = "AWS Support (Business)";

    /** Cost Explorer RECORD_TYPE values, as AWS spells them. */
    public static final String USAGE = "Usage",
            CREDIT = "Credit",
            REFUND = "Refund",
            TAX = "Tax",
            SUPPORT = "Support",
            SAVINGS_PLAN_COVERED_USAGE = "SavingsPlanCoveredUsage",
            SAVINGS_PLAN_NEGATION = "SavingsPlanNegation",
            SAVINGS_PLAN_RECURRING_FEE = "SavingsPlanRecurringFee",
            SAVINGS_PLAN_UPFRONT_FEE = "SavingsPlanUpfrontFee",
            RI_FEE = "RIFee",
            DISCOUNTED_USAGE = "DiscountedUsage";

    /** Every RECORD_TYPE value the simulator bills. */
    public static final List<String> RECORD_TYPES = List.of(
            USAGE,
            CREDIT,
            REFUND,
            TAX,
            SUPPORT,
            SAVINGS_PLAN_COVERED_USAGE,
            SAVINGS_PLAN_NEGATION,
            SAVINGS_PLAN_RECURRING_FEE,
            SAVINGS_PLAN_UPFRONT_FEE,
            RI_FEE,
            DISCOUNTED_USAGE);

    /** Account-level metrics without dimensions, by namespace. */
    public static final List<String> LAMBDA_METRICS =
            List.of("Invocations", "Errors", "Throttles", "Duration", "ConcurrentExecutions");

    public static final List<String> DYNAMODB_METRICS =
            List.of("ConsumedReadCapacityUnits", "ConsumedWriteCapacityUnits", "ThrottledRequests");
    public static final List<String> EVENTS_METRICS = List.of("Invocations", "FailedInvocations");
    public static final List<String> APIGATEWAY_METRICS = List.of("Count", "5XXError", "Latency");

    /** Lambda concurrent executions quota; its usage is AWS/Usage ResourceCount with {@link #USAGE_DIMENSIONS}. */
    public static final String LAMBDA_CONCURRENCY_QUOTA = "L-B99A9384";

    public static final double LAMBDA_CONCURRENCY_QUOTA_VALUE = 1000;

    /** Dimensions (name, value pairs) of the AWS/Usage ResourceCount metric for Lambda concurrency. */
    public static final List<List<String>> USAGE_DIMENSIONS = List.of(
            List.of("Service", "Lambda"),
            List.of("Type", "Resource"),
            List.of("Resource", "ConcurrentExecutions"),
            List.of("Class", "None"));

    /** Log groups in every account. */
    public static final List<String> LOG_GROUPS =
            List.of("/aws/lambda/api-handler", "/aws/lambda/worker", "/app/orders", "/app/billing");

    /** Static credentials that act as the management account (any access key id not issued by the simulator). */
    public static final String MANAGEMENT_ACCESS_KEY_ID = "AKIAFLEETSIMMANAGER1";

    public static final String ANY_SECRET = "fleet-sim-secret-not-checked";

    /**
     * The cost-reading role in the management account (deploy/payer-role.yaml): AssumeRole on it with the fleet's
     * ExternalId gives management-account credentials, whoever the caller is.
     */
    public static final String PAYER_ROLE_NAME = "TenantScopeCostReader";

    /** Long-term credentials of a member account itself: {@code AKIA} + its 12-digit id. */
    public static String accessKeyIdOf(dev.tenantscope.model.AccountId account) {
        return "AKIA" + account.value();
    }
}
