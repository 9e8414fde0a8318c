package dev.tenantscope.fleetsim;

import java.net.URI;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/** A started simulator plus real SDK v2 clients aimed at it; one per test class. */
final class SimFixture implements AutoCloseable {
    /** Wednesday 2026-11-11 13:00 UTC: ten and a half days after genesis. */
    static final Instant NOW = FleetSpec.DEFAULT_GENESIS.plusSeconds(10 * 86_400 + 13 * 3_600);

    final FleetSimServer server;
    final SdkHttpClient http = UrlConnectionHttpClient.create();
    final AwsCredentialsProvider management = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(SimCatalog.MANAGEMENT_ACCESS_KEY_ID, SimCatalog.ANY_SECRET));
    final StsClient sts;

    SimFixture(FleetSpec spec) {
        server = FleetSimServer.start(spec, 0, SimClock.fixed(NOW));
        sts = client(StsClient.builder(), management);
        System.out.println("fleet-sim backend: in-process FleetSimServer at " + server.endpoint() + " with "
                + spec.accounts() + " accounts");
    }

    SimFixture() {
        this(FleetSpec.defaults());
    }

    <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(
            B builder, AwsCredentialsProvider creds) {
        return builder.endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(creds)
                .httpClient(http)
                .build();
    }

    URI endpoint() {
        return server.endpoint();
    }

    /** Credentials of the read-only role in {@code account}, assumed with the fleet's ExternalId. */
    StsAssumeRoleCredentialsProvider assume(SimAccount account) {
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> r.roleArn(server.spec().roleArn(account.id()))
                        .roleSessionName("tenantscope-it")
                        .externalId(server.spec().externalId()))
                .build();
    }

    /** An ordinary member account: active now, joined well before, no drift fault. */
    SimAccount activeAccount(int nth) {
        return server.truth().accounts(NOW).stream()
                .filter(a -> a.statusAt(NOW) == AccountStatus.ACTIVE && a.endsAt() == null)
                .filter(a -> a.joinedAt().isBefore(NOW.minusSeconds(60L * 86_400)))
                .skip(nth)
                .findFirst()
                .orElseThrow();
    }

    SimAccount activeAccount(Tier tier, int nth) {
        for (int i = 0; ; i++) {
            SimAccount a = activeAccount(i);
            if (a.tier() == tier && nth-- == 0) {
                return a;
            }
        }
    }

    @Override
    public void close() {
        sts.close();
        server.close();
        http.close();
    }
}
