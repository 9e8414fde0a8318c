package dev.tenantscope.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.account.AccountClient;
import software.amazon.awssdk.services.account.model.ListRegionsResponse;
import software.amazon.awssdk.services.account.model.RegionOptStatus;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;

/**
 * Accounts run workload in one to three regions, some of them opt-in: metrics and logs exist only where the
 * workload runs, an opt-in region refuses an account that has not enabled it, and Account Management's ListRegions
 * tells the opt-in status (the account itself, or the management account naming a member).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegionsIT {
    private static final Instant HOUR = SimFixture.NOW.minusSeconds(3_600);
    private SimFixture sim;

    @BeforeAll
    void start() {
        sim = new SimFixture(FleetSpec.defaults().withAccounts(200).withMultiRegionFraction(0.5));
    }

    @AfterAll
    void stop() {
        sim.close();
    }

    private SimAccount withRegions(int count, boolean optIn) {
        for (int i = 0; ; i++) {
            SimAccount a = sim.activeAccount(i);
            List<String> r = sim.server.truth().regions(a.id());
            boolean hasOptIn = r.stream().anyMatch(x -> x.equals("eu-south-1") || x.equals("ap-east-1"));
            if (r.size() == count && (count < 3 || hasOptIn == optIn)) {
                return a;
            }
        }
    }

    private double invocations(AwsCredentialsProvider creds, String region) {
        try (CloudWatchClient cw = CloudWatchClient.builder()
                .endpointOverride(sim.endpoint())
                .region(Region.of(region))
                .credentialsProvider(creds)
                .httpClient(sim.http)
                .build()) {
            GetMetricDataResponse r = cw.getMetricData(b -> b.startTime(HOUR)
                    .endTime(HOUR.plusSeconds(3_600))
                    .metricDataQueries(MetricDataQuery.builder()
                            .id("inv")
                            .metricStat(
                                    s -> s.metric(m -> m.namespace("AWS/Lambda").metricName("Invocations"))
                                            .period(3_600)
                                            .stat("Sum"))
                            .build()));
            return r.metricDataResults().get(0).values().stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
        }
    }

    private Map<String, String> optStatus(AccountClient client, String accountId) {
        Map<String, String> out = new TreeMap<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            ListRegionsResponse r =
                    client.listRegions(b -> b.accountId(accountId).nextToken(t).maxResults(5));
            r.regions().forEach(x -> out.put(x.regionName(), x.regionOptStatusAsString()));
            token = r.nextToken();
            pages++;
        } while (token != null);
        assertThat(pages).as("pages of 5").isGreaterThan(1);
        return out;
    }

    @Test
    void metricsExistWhereTheWorkloadRunsAndSumToTheAccountsShare() {
        SimAccount a = withRegions(2, false);
        var creds = sim.assume(a);
        assertThat(sim.server.truth().regions(a.id())).containsExactly("us-east-1", "eu-west-1");
        double home = invocations(creds, "us-east-1");
        double second = invocations(creds, "eu-west-1");
        assertThat(home).isPositive();
        assertThat(second).isPositive();
        // the home region carries 60 % of the workload, the second 40 %
        assertThat(home / (home + second)).isBetween(0.5, 0.7);
        assertThat(invocations(creds, "us-west-1")).as("enabled, no workload").isZero();
        for (String region : List.of("us-east-1", "eu-west-1")) {
            assertThat(sim.server
                            .truth()
                            .metric(a.id(), region, "AWS/Lambda", "Invocations", "Sum", 3_600, HOUR, SimFixture.NOW)
                            .orElseThrow())
                    .isEqualTo(region.equals("us-east-1") ? home : second);
        }
        try (CloudWatchLogsClient logs = CloudWatchLogsClient.builder()
                .endpointOverride(sim.endpoint())
                .region(Region.US_WEST_1)
                .credentialsProvider(creds)
                .httpClient(sim.http)
                .build()) {
            assertThat(logs.describeLogGroups(b -> {}).logGroups()).isEmpty();
        }
    }

    @Test
    void anOptInRegionRefusesAnAccountThatHasNotEnabledIt() {
        SimAccount single = withRegions(1, false);
        var creds = sim.assume(single);
        assertThatThrownBy(() -> invocations(creds, "ap-east-1"))
                .isInstanceOf(CloudWatchException.class)
                .satisfies(e -> assertThat(
                                ((CloudWatchException) e).awsErrorDetails().errorCode())
                        .isEqualTo("InvalidClientTokenId"));
        try (CloudWatchLogsClient logs = CloudWatchLogsClient.builder()
                .endpointOverride(sim.endpoint())
                .region(Region.of("eu-south-1"))
                .credentialsProvider(creds)
                .httpClient(sim.http)
                .build()) {
            assertThatThrownBy(() -> logs.describeLogGroups(b -> {}))
                    .isInstanceOf(CloudWatchLogsException.class)
                    .satisfies(e -> assertThat(((CloudWatchLogsException) e)
                                    .awsErrorDetails()
                                    .errorCode())
                            .isEqualTo("UnrecognizedClientException"));
        }
        SimAccount optedIn = withRegions(3, true);
        String third = sim.server.truth().regions(optedIn.id()).get(2);
        assertThat(invocations(sim.assume(optedIn), third)).isPositive();
    }

    @Test
    void listRegionsTellsEachRegionsOptInStatus() {
        SimAccount optedIn = withRegions(3, true);
        String third = sim.server.truth().regions(optedIn.id()).get(2);
        try (AccountClient own = sim.client(AccountClient.builder(), sim.assume(optedIn));
                AccountClient mgmt = sim.client(AccountClient.builder(), sim.management)) {
            Map<String, String> status = optStatus(own, null);
            assertThat(status).containsEntry("us-east-1", "ENABLED_BY_DEFAULT").containsEntry(third, "ENABLED");
            assertThat(status.entrySet().stream()
                            .filter(e -> e.getValue().equals("ENABLED"))
                            .map(Map.Entry::getKey)
                            .toList())
                    .containsExactly(third);
            assertThat(status).containsEntry("me-south-1", "DISABLED");
            assertThat(optStatus(mgmt, optedIn.id().value())).isEqualTo(status);
            List<String> enabledOnly = new ArrayList<>();
            own.listRegions(b -> b.regionOptStatusContains(RegionOptStatus.ENABLED))
                    .regions()
                    .forEach(r -> enabledOnly.add(r.regionName()));
            assertThat(enabledOnly).containsExactly(third);
            assertThatThrownBy(() -> own.listRegions(
                            b -> b.accountId(withRegions(1, false).id().value())))
                    .hasMessageContaining("management account");
        }
    }
}
