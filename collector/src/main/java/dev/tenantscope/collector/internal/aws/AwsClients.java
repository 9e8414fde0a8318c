package dev.tenantscope.collector.internal.aws;

import dev.tenantscope.config.AwsConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.account.AccountClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.servicequotas.ServiceQuotasClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * One HTTP connection pool for the whole fleet and one SDK client per service and region, whatever the number
 * of accounts: credentials travel with each request. SDK retries are off — {@link RetryingCall} owns them so
 * every attempt is rate-limited and metered.
 */
public final class AwsClients implements AutoCloseable {
    private final SdkHttpClient http;
    private final URI endpoint;
    private final AwsCredentialsProvider base;
    private final Map<String, SdkClient> clients = new ConcurrentHashMap<>();

    public AwsClients(AwsConfig aws) {
        this.http = Apache5HttpClient.builder()
                .maxConnections(aws.maxConnections())
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .tcpKeepAlive(true)
                .build();
        this.endpoint = aws.endpointOverride();
        this.base = aws.accessKeyId() == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(aws.accessKeyId(), aws.secretAccessKey()));
    }

    /** The collector's own credentials (payer / management account calls, AssumeRole). */
    public Credentials baseCredentials() {
        return Credentials.fixed(base);
    }

    public StsClient sts(String region) {
        return client("sts/" + region, StsClient.builder(), region);
    }

    public CloudWatchClient cloudWatch(String region) {
        return client("cw/" + region, CloudWatchClient.builder(), region);
    }

    public CloudWatchLogsClient logs(String region) {
        return client("logs/" + region, CloudWatchLogsClient.builder(), region);
    }

    public ServiceQuotasClient serviceQuotas(String region) {
        return client("sq/" + region, ServiceQuotasClient.builder(), region);
    }

    /** Cost Explorer lives in us-east-1 whatever the region asked for. */
    public CostExplorerClient costExplorer(String ignoredRegion) {
        return client("ce", CostExplorerClient.builder(), "us-east-1");
    }

    /** Account Management is global, signed for us-east-1, whatever the region asked for. */
    public AccountClient account(String ignoredRegion) {
        return client("account", AccountClient.builder(), "us-east-1");
    }

    /** Organizations lives in us-east-1 whatever the region asked for. */
    public OrganizationsClient organizations(String ignoredRegion) {
        return client("orgs", OrganizationsClient.builder(), "us-east-1");
    }

    public int clientCount() {
        return clients.size();
    }

    @SuppressWarnings("unchecked")
    private <C extends SdkClient, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C client(
            String key, B builder, String region) {
        return (C) clients.computeIfAbsent(key, (Function<String, SdkClient>) k -> {
            builder.httpClient(http)
                    .region(Region.of(region))
                    .credentialsProvider(base)
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
            if (endpoint != null) {
                builder.endpointOverride(endpoint);
            }
            return builder.build();
        });
    }

    @Override
    public void close() {
        clients.values().forEach(SdkClient::close);
        http.close();
    }
}
