package dev.tenantscope.collector.internal.aws;

import dev.tenantscope.collector.CollectorConfig.Limits;
import dev.tenantscope.collector.internal.run.CollectorMetrics;
import java.time.Clock;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.services.account.model.ListRegionsRequest;
import software.amazon.awssdk.services.account.model.ListRegionsResponse;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartQueryRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartQueryResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.StopQueryRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.StopQueryResponse;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageRequest;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.GetDimensionValuesRequest;
import software.amazon.awssdk.services.costexplorer.model.GetDimensionValuesResponse;
import software.amazon.awssdk.services.organizations.model.DescribeOrganizationRequest;
import software.amazon.awssdk.services.organizations.model.DescribeOrganizationResponse;
import software.amazon.awssdk.services.organizations.model.ListAccountsRequest;
import software.amazon.awssdk.services.organizations.model.ListAccountsResponse;
import software.amazon.awssdk.services.organizations.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.organizations.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.servicequotas.model.ListServiceQuotasRequest;
import software.amazon.awssdk.services.servicequotas.model.ListServiceQuotasResponse;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** Every AWS operation the collector calls, each wrapped retrying → rate-limited → metered → SDK. */
public final class Apis {
    public static final ApiId ASSUME_ROLE = new ApiId("sts", "AssumeRole");
    public static final ApiId GET_METRIC_DATA = new ApiId("monitoring", "GetMetricData");
    public static final ApiId LIST_SERVICE_QUOTAS = new ApiId("servicequotas", "ListServiceQuotas");
    public static final ApiId LIST_DEFAULT_QUOTAS = new ApiId("servicequotas", "ListAWSDefaultServiceQuotas");
    public static final ApiId DESCRIBE_LOG_GROUPS = new ApiId("logs", "DescribeLogGroups");
    public static final ApiId START_QUERY = new ApiId("logs", "StartQuery");
    public static final ApiId GET_QUERY_RESULTS = new ApiId("logs", "GetQueryResults");
    public static final ApiId STOP_QUERY = new ApiId("logs", "StopQuery");
    public static final ApiId GET_COST_AND_USAGE = new ApiId("ce", "GetCostAndUsage");
    public static final ApiId LIST_ACCOUNTS = new ApiId("organizations", "ListAccounts");
    public static final ApiId LIST_TAGS = new ApiId("organizations", "ListTagsForResource");
    public static final ApiId GET_DIMENSION_VALUES = new ApiId("ce", "GetDimensionValues");
    public static final ApiId GET_CALLER_IDENTITY = new ApiId("sts", "GetCallerIdentity");
    public static final ApiId DESCRIBE_ORGANIZATION = new ApiId("organizations", "DescribeOrganization");
    public static final ApiId LIST_REGIONS = new ApiId("account", "ListRegions");
    public static final ApiId LIST_METRICS = new ApiId("monitoring", "ListMetrics");

    public final AwsCall<AssumeRoleRequest, AssumeRoleResponse> assumeRole;
    public final AwsCall<GetMetricDataRequest, GetMetricDataResponse> getMetricData;
    public final AwsCall<ListServiceQuotasRequest, ListServiceQuotasResponse> listServiceQuotas;
    public final AwsCall<
                    software.amazon.awssdk.services.servicequotas.model.ListAwsDefaultServiceQuotasRequest,
                    software.amazon.awssdk.services.servicequotas.model.ListAwsDefaultServiceQuotasResponse>
            listDefaultQuotas;
    public final AwsCall<DescribeLogGroupsRequest, DescribeLogGroupsResponse> describeLogGroups;
    public final AwsCall<StartQueryRequest, StartQueryResponse> startQuery;
    public final AwsCall<GetQueryResultsRequest, GetQueryResultsResponse> getQueryResults;
    public final AwsCall<StopQueryRequest, StopQueryResponse> stopQuery;
    public final AwsCall<GetCostAndUsageRequest, GetCostAndUsageResponse> getCostAndUsage;
    public final AwsCall<ListAccountsRequest, ListAccountsResponse> listAccounts;
    public final AwsCall<ListTagsForResourceRequest, ListTagsForResourceResponse> listTags;
    public final AwsCall<GetDimensionValuesRequest, GetDimensionValuesResponse> getDimensionValues;
    public final AwsCall<GetCallerIdentityRequest, GetCallerIdentityResponse> getCallerIdentity;
    public final AwsCall<DescribeOrganizationRequest, DescribeOrganizationResponse> describeOrganization;
    public final AwsCall<ListRegionsRequest, ListRegionsResponse> listRegions;
    public final AwsCall<ListMetricsRequest, ListMetricsResponse> listMetrics;

    private final Limits limits;
    private final CollectorMetrics metrics;
    private final Clock clock;
    private final TokenBucket global;

    public Apis(AwsClients c, Limits limits, CollectorMetrics metrics, Clock clock) {
        this.limits = limits;
        this.metrics = metrics;
        this.clock = clock;
        this.global = new TokenBucket(limits.globalTps(), System::nanoTime);
        assumeRole = wrap(ASSUME_ROLE, (r, q) -> c.sts(r).assumeRole(q), q -> 1);
        // billed per metric requested, on every page
        getMetricData = wrap(
                GET_METRIC_DATA,
                (r, q) -> c.cloudWatch(r).getMetricData(q),
                q -> q.metricDataQueries().size());
        listServiceQuotas =
                wrap(LIST_SERVICE_QUOTAS, (r, q) -> c.serviceQuotas(r).listServiceQuotas(q), q -> 1);
        listDefaultQuotas =
                wrap(LIST_DEFAULT_QUOTAS, (r, q) -> c.serviceQuotas(r).listAWSDefaultServiceQuotas(q), q -> 1);
        describeLogGroups = wrap(DESCRIBE_LOG_GROUPS, (r, q) -> c.logs(r).describeLogGroups(q), q -> 1);
        startQuery = wrap(START_QUERY, (r, q) -> c.logs(r).startQuery(q), q -> 1);
        // bytes scanned are added by the puller from the final statistics
        getQueryResults = wrap(GET_QUERY_RESULTS, (r, q) -> c.logs(r).getQueryResults(q), q -> 0);
        stopQuery = wrap(STOP_QUERY, (r, q) -> c.logs(r).stopQuery(q), q -> 1);
        getCostAndUsage = wrap(GET_COST_AND_USAGE, (r, q) -> c.costExplorer(r).getCostAndUsage(q), q -> 1);
        listAccounts = wrap(LIST_ACCOUNTS, (r, q) -> c.organizations(r).listAccounts(q), q -> 1);
        listTags = wrap(LIST_TAGS, (r, q) -> c.organizations(r).listTagsForResource(q), q -> 1);
        getDimensionValues =
                wrap(GET_DIMENSION_VALUES, (r, q) -> c.costExplorer(r).getDimensionValues(q), q -> 1);
        getCallerIdentity = wrap(GET_CALLER_IDENTITY, (r, q) -> c.sts(r).getCallerIdentity(q), q -> 1);
        describeOrganization =
                wrap(DESCRIBE_ORGANIZATION, (r, q) -> c.organizations(r).describeOrganization(q), q -> 1);
        listRegions = wrap(LIST_REGIONS, (r, q) -> c.account(r).listRegions(q), q -> 1);
        listMetrics = wrap(LIST_METRICS, (r, q) -> c.cloudWatch(r).listMetrics(q), q -> 1);
    }

    private <Q extends AwsRequest, R> AwsCall<Q, R> wrap(
            ApiId api, BiFunction<String, Q, R> send, ToLongFunction<Q> units) {
        AwsCall<Q, R> call = new SdkCall<>(api, send);
        call = new MeteredCall<>(call, units, metrics);
        call = new RateLimitedCall<>(call, limits.tpsFor(api.operation()), global, System::nanoTime, clock);
        return new RetryingCall<>(call, limits.maxAttempts(), limits.baseBackoff(), limits.maxBackoff(), clock);
    }
}
