package dev.tenantscope.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.StsException;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StsCloudWatchIT {
    private SimFixture sim;

    @BeforeAll
    void start() {
        sim = new SimFixture();
    }

    @AfterAll
    void stop() {
        sim.close();
    }

    @AfterEach
    void resetFaults() {
        sim.server.faults().reset();
        sim.server.clock().set(SimFixture.NOW);
    }

    private static MetricDataQuery query(String id, String namespace, String name, String stat, int period) {
        return MetricDataQuery.builder()
                .id(id)
                .metricStat(MetricStat.builder()
                        .metric(Metric.builder()
                                .namespace(namespace)
                                .metricName(name)
                                .build())
                        .period(period)
                        .stat(stat)
                        .build())
                .build();
    }

    private static GetMetricDataRequest lastTwoHours(MetricDataQuery... queries) {
        Instant end = SimFixture.NOW.minusSeconds(600);
        return GetMetricDataRequest.builder()
                .startTime(end.minusSeconds(7200))
                .endTime(end)
                .metricDataQueries(queries)
                .build();
    }

    @Nested
    class AssumeRoleChain {
        @Test
        void assumedCredentialsReadTheAccountsMetricsEqualToGroundTruth() {
            SimAccount account = sim.activeAccount(3);
            try (var creds = sim.assume(account);
                    CloudWatchClient cw = sim.client(CloudWatchClient.builder(), creds)) {
                GetMetricDataResponse r = cw.getMetricData(lastTwoHours(
                        query("inv", "AWS/Lambda", "Invocations", "Sum", 300),
                        query("dur", "AWS/Lambda", "Duration", "Average", 300),
                        query("ddb", "AWS/DynamoDB", "ConsumedReadCapacityUnits", "Maximum", 300),
                        query("api", "AWS/ApiGateway", "Count", "Sum", 3600)));
                assertThat(r.metricDataResults()).hasSize(4);
                for (MetricDataResult result : r.metricDataResults()) {
                    assertThat(result.timestamps()).isNotEmpty();
                    MetricDataQuery q = List.of(
                                    query("inv", "AWS/Lambda", "Invocations", "Sum", 300),
                                    query("dur", "AWS/Lambda", "Duration", "Average", 300),
                                    query("ddb", "AWS/DynamoDB", "ConsumedReadCapacityUnits", "Maximum", 300),
                                    query("api", "AWS/ApiGateway", "Count", "Sum", 3600))
                            .stream()
                            .filter(x -> x.id().equals(result.id()))
                            .findFirst()
                            .orElseThrow();
                    for (int i = 0; i < result.timestamps().size(); i++) {
                        Instant t = result.timestamps().get(i);
                        if (t.plusSeconds(q.metricStat().period()).isAfter(SimFixture.NOW.minusSeconds(600))) {
                            continue; // a partial last period
                        }
                        assertThat(result.values().get(i))
                                .as("%s at %s", result.id(), t)
                                .isEqualTo(sim.server
                                        .truth()
                                        .metric(
                                                account.id(),
                                                q.metricStat().metric().namespace(),
                                                q.metricStat().metric().metricName(),
                                                q.metricStat().stat(),
                                                q.metricStat().period(),
                                                t)
                                        .orElseThrow());
                    }
                }
                // the answer is the as-of truth (only visible minutes); here the window ends 10 minutes ago, so
                // complete
                MetricDataResult inv = r.metricDataResults().get(0);
                Instant newest = inv.timestamps().get(0);
                assertThat(inv.values().get(0))
                        .isEqualTo(sim.server
                                .truth()
                                .metric(account.id(), "AWS/Lambda", "Invocations", "Sum", 300, newest, SimFixture.NOW)
                                .orElseThrow());
                // newest first, like CloudWatch's default ScanBy
                List<Instant> ts = r.metricDataResults().get(0).timestamps();
                assertThat(ts.get(0)).isAfter(ts.get(ts.size() - 1));
            }
        }

        @Test
        void callerIdentityOfAssumedRoleIsTheMemberAccount() {
            SimAccount account = sim.activeAccount(0);
            try (var creds = sim.assume(account);
                    var sts = sim.client(software.amazon.awssdk.services.sts.StsClient.builder(), creds)) {
                var id = sts.getCallerIdentity();
                assertThat(id.account()).isEqualTo(account.id().value());
                assertThat(id.arn()).endsWith(":assumed-role/TenantScopeReadOnly/tenantscope-it");
            }
            assertThat(sim.sts.getCallerIdentity().account()).isEqualTo("000000000001");
        }

        @Test
        void wrongOrMissingExternalIdIsAccessDenied() {
            SimAccount account = sim.activeAccount(1);
            String arn = sim.server.spec().roleArn(account.id());
            assertThatThrownBy(() -> sim.sts.assumeRole(
                            r -> r.roleArn(arn).roleSessionName("s1").externalId("nope")))
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    });
            assertThatThrownBy(() -> sim.sts.assumeRole(r -> r.roleArn(arn).roleSessionName("s1")))
                    .isInstanceOfSatisfying(
                            StsException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
        }

        @Test
        void deletedRoleAndSuspendedAccountAreAccessDenied() {
            SimAccount deleted = sim.activeAccount(2);
            sim.server
                    .faults()
                    .set(FaultConfig.none()
                            .withDeletedRoles(0.05, Set.of(deleted.id().value())));
            assertThat(sim.server.truth().deletedRoleAccounts())
                    .contains(deleted.id())
                    .hasSizeBetween(20, 90);
            SimAccount suspended = sim.server.truth().accounts(SimFixture.NOW).stream()
                    .filter(a -> a.statusAt(SimFixture.NOW) == AccountStatus.SUSPENDED)
                    .findFirst()
                    .orElseThrow();
            for (SimAccount a : List.of(deleted, suspended)) {
                AssumeRoleRequest req = AssumeRoleRequest.builder()
                        .roleArn(sim.server.spec().roleArn(a.id()))
                        .roleSessionName("s2")
                        .externalId("tenantscope-demo")
                        .build();
                assertThatThrownBy(() -> sim.sts.assumeRole(req))
                        .isInstanceOfSatisfying(
                                StsException.class,
                                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
            }
        }

        @Test
        void credentialsRejectedAsExpiredAfterTheirSimulatedLifetime() {
            sim.server.faults().set(FaultConfig.none().withCredentialTtlSeconds(60));
            try (var creds = sim.assume(sim.activeAccount(4));
                    CloudWatchClient cw = sim.client(CloudWatchClient.builder(), creds)) {
                cw.listMetrics(r -> r.namespace("AWS/Lambda"));
                sim.server.clock().advance(Duration.ofSeconds(61));
                assertThatThrownBy(() -> cw.listMetrics(r -> r.namespace("AWS/Lambda")))
                        .isInstanceOfSatisfying(
                                CloudWatchException.class,
                                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken"));
            }
        }
    }

    @Nested
    class RoleChaining {
        @Test
        void aChainedSessionLongerThanAnHourIsAValidationErrorLikeSts() {
            SimAccount first = sim.activeAccount(10);
            SimAccount second = sim.activeAccount(11);
            String arn = sim.server.spec().roleArn(second.id());
            // long-term keys may ask for more than an hour (up to the role's maximum)
            assertThat(sim.sts
                            .assumeRole(r -> r.roleArn(arn)
                                    .roleSessionName("direct")
                                    .externalId(sim.server.spec().externalId())
                                    .durationSeconds(7200))
                            .credentials())
                    .isNotNull();
            try (var creds = sim.assume(first);
                    var chained = sim.client(software.amazon.awssdk.services.sts.StsClient.builder(), creds)) {
                assertThatThrownBy(() -> chained.assumeRole(r -> r.roleArn(arn)
                                .roleSessionName("chained")
                                .externalId(sim.server.spec().externalId())
                                .durationSeconds(7200)))
                        .isInstanceOfSatisfying(StsException.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(400);
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                            assertThat(e.getMessage()).contains("1 hour session limit", "role chaining");
                        });
                assertThat(chained.assumeRole(r -> r.roleArn(arn)
                                        .roleSessionName("chained")
                                        .externalId(sim.server.spec().externalId())
                                        .durationSeconds(3600))
                                .credentials())
                        .isNotNull();
            }
        }
    }

    @Nested
    class Limits {
        @Test
        void throttledCallsAreRetriedBySdkAndMetered() {
            sim.server.faults().set(FaultConfig.none().withThrottle("monitoring:GetMetricData", 0.5));
            sim.server.meter().reset();
            SimAccount account = sim.activeAccount(5);
            try (var creds = sim.assume(account);
                    CloudWatchClient cw = sim.client(CloudWatchClient.builder(), creds)) {
                var r = cw.getMetricData(lastTwoHours(query("m1", "AWS/Lambda", "Errors", "Sum", 300)));
                assertThat(r.metricDataResults()).hasSize(1);
                MeterSnapshot m = sim.server.meter().snapshot();
                assertThat(m.calls(account.id().value(), "monitoring", "GetMetricData"))
                        .isEqualTo(2);
                assertThat(m.throttled()).isEqualTo(1);
                assertThat(m.metricsRequested())
                        .as("only answered calls bill metrics")
                        .isEqualTo(1);

                sim.server.faults().set(FaultConfig.none().withThrottle("monitoring", 1.0));
                sim.server.meter().reset();
                assertThatThrownBy(
                                () -> cw.getMetricData(lastTwoHours(query("m1", "AWS/Lambda", "Errors", "Sum", 300))))
                        .isInstanceOfSatisfying(CloudWatchException.class, e -> {
                            assertThat(e.isThrottlingException()).isTrue();
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
                        });
                assertThat(sim.server.meter().snapshot().calls("monitoring", "GetMetricData"))
                        .isEqualTo(4);
            }
        }

        @Test
        void serverErrorsAndOrganizationsThrottlingAreRetried() {
            sim.server
                    .faults()
                    .set(FaultConfig.none()
                            .withServerErrorRate(0.5)
                            .withThrottle("organizations:ListTagsForResource", 0.5)
                            .withLatency(5, 5));
            sim.server.meter().reset();
            SimAccount a = sim.activeAccount(9);
            try (var orgs = sim.client(
                    software.amazon.awssdk.services.organizations.OrganizationsClient.builder(), sim.management)) {
                assertThat(orgs.listTagsForResource(r -> r.resourceId(a.id().value()))
                                .tags())
                        .isNotEmpty();
            }
            MeterSnapshot m = sim.server.meter().snapshot();
            assertThat(m.calls("organizations", "ListTagsForResource")).isGreaterThanOrEqualTo(2);
            assertThat(m.errors()).isEqualTo(m.calls("organizations", "ListTagsForResource") - 1);
        }

        @Test
        void moreThan500QueriesIsAValidationError() {
            List<MetricDataQuery> qs = new ArrayList<>();
            for (int i = 0; i < 501; i++) {
                qs.add(query("q" + i, "AWS/Lambda", "Invocations", "Sum", 300));
            }
            try (var creds = sim.assume(sim.activeAccount(6));
                    CloudWatchClient cw = sim.client(CloudWatchClient.builder(), creds)) {
                assertThatThrownBy(() -> cw.getMetricData(lastTwoHours(qs.toArray(MetricDataQuery[]::new))))
                        .isInstanceOfSatisfying(CloudWatchException.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(400);
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                        });
            }
        }

        @Test
        void aResultCutByTheDatapointLimitIsPartialDataAndContinuesOnTheNextPage() {
            SimAccount account = sim.activeAccount(7);
            try (var creds = sim.assume(account);
                    CloudWatchClient cw = sim.client(CloudWatchClient.builder(), creds)) {
                var whole = lastTwoHours(
                        query("a", "AWS/Lambda", "Invocations", "Sum", 300),
                        query("b", "AWS/Lambda", "Errors", "Sum", 300),
                        query("c", "AWS/Events", "Invocations", "Sum", 300));
                var full = cw.getMetricData(whole).metricDataResults();
                assertThat(full).extracting(r -> r.statusCodeAsString()).containsOnly("Complete");
                var req = whole.toBuilder().maxDatapoints(30).build();
                sim.server.meter().reset();
                var first = cw.getMetricData(req);
                // 24 five-minute buckets each: a fits, b is cut after 6 datapoints and goes on on the next page
                assertThat(first.metricDataResults())
                        .extracting(MetricDataResult::id, r -> r.statusCodeAsString())
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple("a", "Complete"),
                                org.assertj.core.groups.Tuple.tuple("b", "PartialData"));
                assertThat(first.metricDataResults().get(1).values()).hasSize(6);
                assertThat(first.nextToken()).isNotBlank();
                List<MetricDataResult> pages = cw.getMetricDataPaginator(req).metricDataResults().stream()
                        .toList();
                assertThat(pages).extracting(MetricDataResult::id).containsExactly("a", "b", "b", "c", "c");
                for (MetricDataResult f : full) {
                    List<Double> joined = pages.stream()
                            .filter(p -> p.id().equals(f.id()))
                            .flatMap(p -> p.values().stream())
                            .toList();
                    assertThat(joined).as(f.id()).isEqualTo(f.values());
                }
                assertThat(sim.server.meter().snapshot().calls("monitoring", "GetMetricData"))
                        .isEqualTo(1 + 3);
            }
        }

        @Test
        void aDeniedNamespaceIsForbiddenAndAnInternalErrorFailsOneResultWhileTheOthersAreServed() {
            sim.server
                    .faults()
                    .set(FaultConfig.none()
                            .withMetricResultFault("AWS/DynamoDB", "Forbidden")
                            .withMetricResultFault("AWS/Events", "InternalError"));
            try (var creds = sim.assume(sim.activeAccount(4));
                    CloudWatchClient cw = sim.client(CloudWatchClient.builder(), creds)) {
                var r = cw.getMetricData(lastTwoHours(
                                query("inv", "AWS/Lambda", "Invocations", "Sum", 300),
                                query("ddb", "AWS/DynamoDB", "ConsumedReadCapacityUnits", "Sum", 300),
                                query("ev", "AWS/Events", "Invocations", "Sum", 300)))
                        .metricDataResults();
                assertThat(r)
                        .extracting(MetricDataResult::id, x -> x.statusCodeAsString())
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple("inv", "Complete"),
                                org.assertj.core.groups.Tuple.tuple("ddb", "Forbidden"),
                                org.assertj.core.groups.Tuple.tuple("ev", "InternalError"));
                assertThat(r.get(0).values()).isNotEmpty();
                assertThat(r.get(1).values()).isEmpty();
                assertThat(r.get(1).messages())
                        .singleElement()
                        .satisfies(m -> assertThat(m.value()).contains("AWS/DynamoDB", "denied"));
                assertThat(r.get(2).values()).isEmpty();
            }
        }

        @Test
        void oneServiceCanAnswer5xxWhileTheOthersAnswer() {
            sim.server.faults().set(FaultConfig.none().withServerErrors("servicequotas", 1.0));
            SimAccount account = sim.activeAccount(2);
            try (var creds = sim.assume(account);
                    CloudWatchClient cw = sim.client(CloudWatchClient.builder(), creds);
                    var sq = sim.client(
                            software.amazon.awssdk.services.servicequotas.ServiceQuotasClient.builder(), creds)) {
                assertThat(cw.getMetricData(lastTwoHours(query("m1", "AWS/Lambda", "Errors", "Sum", 300)))
                                .metricDataResults())
                        .hasSize(1);
                assertThatThrownBy(() -> sq.listServiceQuotas(q -> q.serviceCode("lambda")))
                        .isInstanceOfSatisfying(
                                software.amazon.awssdk.awscore.exception.AwsServiceException.class,
                                e -> assertThat(e.statusCode()).isEqualTo(500));
            }
        }

        @Test
        void listMetricsShowsAccountLevelMetricsAndUsage() {
            try (var creds = sim.assume(sim.activeAccount(8));
                    CloudWatchClient cw = sim.client(CloudWatchClient.builder(), creds)) {
                var all = cw.listMetricsPaginator(r -> {}).metrics();
                assertThat(all).hasSize(15);
                var usage = cw.listMetrics(r -> r.namespace("AWS/Usage")).metrics();
                assertThat(usage)
                        .hasSize(2)
                        .allSatisfy(m -> assertThat(m.dimensions()).hasSize(4))
                        .extracting(m -> m.metricName())
                        .containsExactlyInAnyOrder("ResourceCount", "CallCount");
            }
        }

        @Test
        void requestWithoutCredentialsIsRejectedLikeAws() throws Exception {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(sim.endpoint() + "/"))
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "Action=GetCallerIdentity&Version=2011-06-15"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("<Code>MissingAuthenticationToken</Code>");
        }
    }
}
