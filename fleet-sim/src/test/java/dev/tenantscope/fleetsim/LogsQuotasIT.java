package dev.tenantscope.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.MalformedQueryException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResultField;
import software.amazon.awssdk.services.servicequotas.ServiceQuotasClient;
import software.amazon.awssdk.services.servicequotas.model.NoSuchResourceException;
import software.amazon.awssdk.services.servicequotas.model.ServiceQuota;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogsQuotasIT {
    private SimFixture sim;

    @BeforeAll
    void start() {
        sim = new SimFixture();
    }

    @AfterAll
    void stop() {
        sim.close();
    }

    @Test
    void filterLogEventsReturnsTheErrorLinesOfTheGroundTruth() {
        SimAccount a = sim.activeAccount(Tier.ENTERPRISE, 0);
        Instant from = SimFixture.NOW.minusSeconds(3 * 3600), to = SimFixture.NOW;
        try (var creds = sim.assume(a);
                CloudWatchLogsClient logs = sim.client(CloudWatchLogsClient.builder(), creds)) {
            List<FilteredLogEvent> events = logs
                    .filterLogEventsPaginator(r -> r.logGroupName("/aws/lambda/api-handler")
                            .startTime(from.toEpochMilli())
                            .endTime(to.toEpochMilli())
                            .filterPattern("ERROR")
                            .limit(50))
                    .events()
                    .stream()
                    .toList();
            assertThat(events).allSatisfy(e -> assertThat(e.message()).contains("ERROR"));
            assertThat((long) events.size())
                    .isEqualTo(sim.server.truth().logErrorCount(a.id(), "/aws/lambda/api-handler", from, to))
                    .isPositive();
        }
    }

    /** An active account with hundreds of Lambda function log groups. */
    private SimAccount manyGroups() {
        for (int i = 0; ; i++) {
            SimAccount a = sim.activeAccount(i);
            if (sim.server.truth().logGroups(a.id()).size() > 100) {
                return a;
            }
        }
    }

    @Test
    void someAccountsHaveHundredsOfLambdaLogGroupsListedInPagesOf50AndCarryingTheLambdaErrors() {
        SimAccount a = manyGroups();
        List<String> truth = sim.server.truth().logGroups(a.id());
        long many = sim.server.truth().accounts(SimFixture.NOW).stream()
                .filter(x -> sim.server.truth().logGroups(x.id()).size() > 100)
                .count();
        System.out.println("accounts with hundreds of log groups: " + many + " of "
                + sim.server.truth().accounts(SimFixture.NOW).size() + "; e.g. " + a.id() + " with " + truth.size());
        assertThat(many).isPositive();
        Instant from = SimFixture.NOW.minusSeconds(3600), to = SimFixture.NOW;
        try (var creds = sim.assume(a);
                CloudWatchLogsClient logs = sim.client(CloudWatchLogsClient.builder(), creds);
                CloudWatchClient cw = sim.client(CloudWatchClient.builder(), creds)) {
            var first = logs.describeLogGroups(r -> r.logGroupNamePrefix("/aws/lambda/"));
            assertThat(first.logGroups()).hasSize(50);
            assertThat(first.nextToken()).isNotBlank();
            List<String> lambda =
                    logs.describeLogGroupsPaginator(r -> r.logGroupNamePrefix("/aws/lambda/")).logGroups().stream()
                            .map(g -> g.logGroupName())
                            .toList();
            assertThat(lambda)
                    .hasSize(truth.size() - 2)
                    .containsExactlyInAnyOrderElementsOf(truth.stream()
                            .filter(g -> g.startsWith("/aws/lambda/"))
                            .toList());
            // the ERROR lines of all the functions add up to the Lambda Errors metric
            long lines = lambda.stream()
                    .mapToLong(g -> sim.server.truth().logErrorCount(a.id(), g, from, to))
                    .sum();
            double metric = 0;
            for (Instant m = from; m.isBefore(to); m = m.plusSeconds(60)) {
                metric += sim.server
                        .truth()
                        .metric(a.id(), "AWS/Lambda", "Errors", "Sum", 60, m)
                        .orElse(0);
            }
            assertThat((double) lines).isEqualTo(metric);

            assertThatThrownBy(() -> logs.startQuery(q -> q.logGroupNames(lambda.subList(0, 51))
                            .startTime(from.getEpochSecond())
                            .endTime(to.getEpochSecond())
                            .queryString("stats count(*)")))
                    .isInstanceOfSatisfying(
                            software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException.class,
                            e -> assertThat(e.getMessage()).contains("50"));
            assertThat(logs.startQuery(q -> q.logGroupNames(lambda.subList(0, 50))
                                    .startTime(from.getEpochSecond())
                                    .endTime(to.getEpochSecond())
                                    .queryString("stats count(*)"))
                            .queryId())
                    .isNotBlank();
        }
    }

    @Test
    void thirtyConcurrentInsightsQueriesPerAccountThenLimitExceededUntilOneCompletes() {
        SimAccount a = sim.activeAccount(Tier.STANDARD, 3);
        Instant from = SimFixture.NOW.minusSeconds(600), to = SimFixture.NOW;
        try (var creds = sim.assume(a);
                CloudWatchLogsClient logs = sim.client(CloudWatchLogsClient.builder(), creds)) {
            java.util.function.Supplier<String> start = () -> logs.startQuery(q -> q.logGroupName("/app/orders")
                            .startTime(from.getEpochSecond())
                            .endTime(to.getEpochSecond())
                            .queryString("stats count(*)"))
                    .queryId();
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 30; i++) {
                ids.add(start.get());
            }
            assertThatThrownBy(start::get)
                    .isInstanceOf(software.amazon.awssdk.services.cloudwatchlogs.model.LimitExceededException.class);
            logs.getQueryResults(q -> q.queryId(ids.get(0))); // complete: frees a slot
            ids.add(start.get());
            assertThat(logs.stopQuery(q -> q.queryId(ids.get(1))).success()).isTrue();
            ids.add(start.get());
            for (String id : ids) {
                logs.getQueryResults(q -> q.queryId(id));
            }
            // the tenant's own dashboards take slots too
            sim.server.faults().set(FaultConfig.none().withInsightsBusySlots(30));
            try {
                assertThatThrownBy(start::get)
                        .isInstanceOf(
                                software.amazon.awssdk.services.cloudwatchlogs.model.LimitExceededException.class);
            } finally {
                sim.server.faults().reset();
            }
        }
    }

    @Test
    void aLongQueryIsRunningUntilItsTimeAndStoppingItCancelsIt() {
        SimAccount a = sim.activeAccount(Tier.STANDARD, 4);
        Instant from = SimFixture.NOW.minusSeconds(600), to = SimFixture.NOW;
        sim.server.faults().set(FaultConfig.none().withInsightsQueryRunMillis(60_000));
        try (var creds = sim.assume(a);
                CloudWatchLogsClient logs = sim.client(CloudWatchLogsClient.builder(), creds)) {
            String id = logs.startQuery(q -> q.logGroupName("/app/orders")
                            .startTime(from.getEpochSecond())
                            .endTime(to.getEpochSecond())
                            .queryString("stats count(*)"))
                    .queryId();
            var running = logs.getQueryResults(q -> q.queryId(id));
            assertThat(running.statusAsString()).isEqualTo("Running");
            assertThat(running.results()).isEmpty();
            assertThat(logs.stopQuery(q -> q.queryId(id)).success()).isTrue();
            assertThat(logs.getQueryResults(q -> q.queryId(id)).statusAsString())
                    .isEqualTo("Cancelled");
        } finally {
            sim.server.faults().reset();
        }
    }

    @Test
    void insightsCountsErrorsPerFiveMinutesAndReportsBytesScanned() throws Exception {
        SimAccount a = sim.activeAccount(Tier.STANDARD, 1);
        Instant from = SimFixture.NOW.minusSeconds(3600), to = SimFixture.NOW;
        sim.server.meter().reset();
        try (var creds = sim.assume(a);
                CloudWatchLogsClient logs = sim.client(CloudWatchLogsClient.builder(), creds)) {
            String id = logs.startQuery(
                            r -> r.logGroupNames("/aws/lambda/api-handler", "/aws/lambda/worker")
                                    .startTime(from.getEpochSecond())
                                    .endTime(to.getEpochSecond())
                                    .queryString(
                                            "fields @timestamp, @message | filter @message like /ERROR/ | stats count(*) by bin(5m)"))
                    .queryId();
            GetQueryResultsResponse r = logs.getQueryResults(q -> q.queryId(id));
            assertThat(r.statusAsString()).isEqualTo("Complete");
            long total = 0;
            for (List<ResultField> row : r.results()) {
                String bin = row.stream()
                        .filter(f -> f.field().equals("bin(5m)"))
                        .findFirst()
                        .orElseThrow()
                        .value();
                long count = Long.parseLong(row.stream()
                        .filter(f -> f.field().equals("count(*)"))
                        .findFirst()
                        .orElseThrow()
                        .value());
                Instant start = Instant.parse(bin.replace(' ', 'T') + "Z");
                assertThat(count)
                        .isEqualTo(sim.server
                                        .truth()
                                        .logErrorCount(a.id(), "/aws/lambda/api-handler", start, start.plusSeconds(300))
                                + sim.server
                                        .truth()
                                        .logErrorCount(a.id(), "/aws/lambda/worker", start, start.plusSeconds(300)));
                total += count;
            }
            assertThat(total).isPositive();
            assertThat(r.statistics().recordsMatched()).isEqualTo((double) total);
            assertThat(r.statistics().bytesScanned()).isGreaterThan(total * 60.0);
            assertThat(sim.server.meter().snapshot().bytesScanned())
                    .isEqualTo(r.statistics().bytesScanned().longValue());

            assertThatThrownBy(() -> logs.startQuery(q -> q.logGroupName("/app/orders")
                            .startTime(from.getEpochSecond())
                            .endTime(to.getEpochSecond())
                            .queryString("parse @message /x/ as y")))
                    .isInstanceOf(MalformedQueryException.class);
        }
    }

    @Test
    void aRateQuotaHasAOneSecondPeriodAndCallCountUsageAndDefaultOnlyQuotasComeFromTheDefaultsList() {
        SimAccount a = sim.activeAccount(2);
        try (var creds = sim.assume(a);
                ServiceQuotasClient sq = sim.client(ServiceQuotasClient.builder(), creds);
                CloudWatchClient cw = sim.client(CloudWatchClient.builder(), creds)) {
            // the applied value of these quotas is not available: ListServiceQuotas leaves them out
            assertThat(sq.listServiceQuotas(r -> r.serviceCode("monitoring")).quotas())
                    .isEmpty();
            assertThat(sq.listServiceQuotas(r -> r.serviceCode("lambda")).quotas())
                    .extracting(ServiceQuota::quotaCode)
                    .containsExactly("L-B99A9384");
            assertThat(sq.listAWSDefaultServiceQuotas(r -> r.serviceCode("lambda"))
                            .quotas())
                    .extracting(ServiceQuota::quotaCode)
                    .containsExactlyInAnyOrder("L-B99A9384", "L-2ACBD22F");
            ServiceQuota rate = sq.listAWSDefaultServiceQuotas(r -> r.serviceCode("monitoring")).quotas().stream()
                    .filter(q -> q.quotaCode().equals("L-5E141212"))
                    .findFirst()
                    .orElseThrow();
            assertThat(rate.value()).isEqualTo(50.0);
            assertThat(rate.globalQuota()).isFalse();
            assertThat(sq.listServiceQuotas(r -> r.serviceCode("iam")).quotas())
                    .singleElement()
                    .satisfies(q -> {
                        assertThat(q.quotaCode()).isEqualTo("L-FE177D64");
                        assertThat(q.globalQuota())
                                .as("the same in every region")
                                .isTrue();
                    });
            assertThat(rate.period().periodValue()).isEqualTo(1);
            assertThat(rate.period().periodUnitAsString()).isEqualTo("SECOND");
            assertThat(rate.usageMetric().metricName()).isEqualTo("CallCount");
            assertThat(rate.usageMetric().metricStatisticRecommendation()).isEqualTo("Sum");
            var usage = rate.usageMetric();
            Instant end = SimFixture.NOW.minusSeconds(600);
            double sum = cw.getMetricData(b -> b.startTime(end.minusSeconds(300))
                            .endTime(end)
                            .metricDataQueries(m -> m.id("u")
                                    .metricStat(s -> s.period(300)
                                            .stat("Sum")
                                            .metric(mm -> mm.namespace(usage.metricNamespace())
                                                    .metricName(usage.metricName())
                                                    .dimensions(usage.metricDimensions().entrySet().stream()
                                                            .map(e -> Dimension.builder()
                                                                    .name(e.getKey())
                                                                    .value(e.getValue())
                                                                    .build())
                                                            .toList())))))
                    .metricDataResults()
                    .get(0)
                    .values()
                    .get(0);
            // calls in 5 minutes: far above the quota value of 50, a modest rate per second
            assertThat(sum).isGreaterThan(300);
            assertThat(sum / 300).isBetween(0.9, 30.0);
        }
    }

    @Test
    void lambdaConcurrencyQuotaPointsAtAnUsageMetricThatCrossesOnSchedule() {
        QuotaCrossing crossing = sim
                .server
                .truth()
                .quotaCrossings(FleetSpec.DEFAULT_GENESIS.minusSeconds(10 * 86_400), SimFixture.NOW)
                .stream()
                .filter(c -> c.threshold() == 0.80)
                .findFirst()
                .orElseThrow();
        SimAccount a = sim.server.truth().account(crossing.account()).orElseThrow();
        try (var creds = sim.assume(a);
                ServiceQuotasClient sq = sim.client(ServiceQuotasClient.builder(), creds);
                CloudWatchClient cw = sim.client(CloudWatchClient.builder(), creds)) {
            List<ServiceQuota> quotas = sq.listServiceQuotasPaginator(r -> r.serviceCode("lambda")).quotas().stream()
                    .toList();
            ServiceQuota q = quotas.stream()
                    .filter(x -> x.quotaCode().equals("L-B99A9384"))
                    .findFirst()
                    .orElseThrow();
            assertThat(q.value()).isEqualTo(1000.0);
            assertThat(sq.getServiceQuota(r -> r.serviceCode("lambda").quotaCode("L-B99A9384"))
                            .quota()
                            .value())
                    .isEqualTo(1000.0);
            var usage = q.usageMetric();
            var r = cw.getMetricData(b -> b.startTime(crossing.at().minusSeconds(60))
                    .endTime(crossing.at().plusSeconds(60))
                    .scanBy("TimestampAscending")
                    .metricDataQueries(m -> m.id("u")
                            .metricStat(s -> s.period(60)
                                    .stat(usage.metricStatisticRecommendation())
                                    .metric(mm -> mm.namespace(usage.metricNamespace())
                                            .metricName(usage.metricName())
                                            .dimensions(usage.metricDimensions().entrySet().stream()
                                                    .map(e -> Dimension.builder()
                                                            .name(e.getKey())
                                                            .value(e.getValue())
                                                            .build())
                                                    .toList())))));
            List<Double> values = r.metricDataResults().get(0).values();
            assertThat(values).hasSize(2);
            assertThat(values.get(0)).isLessThan(800);
            assertThat(values.get(1)).isGreaterThanOrEqualTo(800);
        }
        assertThatThrownBy(() -> {
                    try (ServiceQuotasClient sq = sim.client(ServiceQuotasClient.builder(), sim.management)) {
                        sq.listServiceQuotas(r -> r.serviceCode("nope"));
                    }
                })
                .isInstanceOf(NoSuchResourceException.class);
    }

    @Test
    void noisyEpisodesShowInTheMetrics() {
        NoisyEpisode e = sim
                .server
                .truth()
                .noisyEpisodes(SimFixture.NOW.minusSeconds(3 * 86_400), SimFixture.NOW.minusSeconds(3600))
                .stream()
                .filter(x -> x.signal().equals("errors"))
                .findFirst()
                .orElseThrow();
        SimAccount a = sim.server.truth().accountsOf(e.tenant()).stream()
                .filter(x -> x.statusAt(e.start()) == AccountStatus.ACTIVE)
                .findFirst()
                .orElseThrow();
        double during = sim.server
                .truth()
                .metric(a.id(), "AWS/Lambda", "Errors", "Sum", 60, e.start())
                .orElseThrow();
        double inv = sim.server
                .truth()
                .metric(a.id(), "AWS/Lambda", "Invocations", "Sum", 60, e.start())
                .orElseThrow();
        assertThat(during).isBetween(Math.floor(inv * 0.25), Math.floor(inv * 0.25) + 1);
    }
}
