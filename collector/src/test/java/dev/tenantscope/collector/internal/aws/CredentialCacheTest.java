package dev.tenantscope.collector.internal.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.config.AwsConfig;
import dev.tenantscope.config.Environment;
import dev.tenantscope.config.SharedConfig;
import dev.tenantscope.model.AccountId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

class CredentialCacheTest {
    static final AccountId ACCOUNT = AccountId.of("123456789012");
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    final List<AssumeRoleRequest> requests = new ArrayList<>();
    final AwsCall<AssumeRoleRequest, AssumeRoleResponse> sts = new AwsCall<>() {
        @Override
        public ApiId api() {
            return Apis.ASSUME_ROLE;
        }

        @Override
        public AssumeRoleResponse call(Target target, AssumeRoleRequest request) {
            requests.add(request);
            if (request.roleArn().contains("999999999999")) {
                throw DecoratorsTest.error("AccessDenied", 403);
            }
            return AssumeRoleResponse.builder()
                    .credentials(c -> c.accessKeyId("ASIA" + requests.size())
                            .secretAccessKey("s")
                            .sessionToken("t")
                            .expiration(now.get().plus(Duration.ofHours(1))))
                    .build();
        }
    };
    final AwsConfig aws = SharedConfig.defaults(Environment.of(Map.of())).aws();
    final CredentialCache cache = new CredentialCache(
            sts, Credentials.fixed(AnonymousCredentialsProvider.create()), aws, "collector-a", clock);

    @Test
    void assumesWithExternalIdAndReusesTheSession() {
        var first = cache.session(ACCOUNT, "us-east-1", new RunLedger(), Instant.MAX);
        var again = cache.session(ACCOUNT, "us-east-1", new RunLedger(), Instant.MAX);
        assertThat(again).isSameAs(first);
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/TenantScopeReadOnly");
            assertThat(r.externalId()).isEqualTo("tenantscope-demo");
            assertThat(r.roleSessionName()).isEqualTo("collector-a");
        });
    }

    @Test
    void sessionIsRefreshedBeforeItExpires() {
        cache.session(ACCOUNT, "us-east-1", new RunLedger(), Instant.MAX);
        now.set(now.get().plus(Duration.ofMinutes(54)));
        cache.session(ACCOUNT, "us-east-1", new RunLedger(), Instant.MAX);
        assertThat(requests).hasSize(1);
        now.set(now.get().plus(Duration.ofMinutes(2))); // 4 min left < 5 min refreshBefore
        var refreshed = cache.session(ACCOUNT, "us-east-1", new RunLedger(), Instant.MAX);
        assertThat(requests).hasSize(2);
        assertThat(refreshed.accessKeyId()).isEqualTo("ASIA2");
    }

    @Test
    void invalidatedCredentialsAreAssumedAgain() {
        Credentials creds = cache.forAccount(ACCOUNT, "us-east-1", new RunLedger(), Instant.MAX);
        creds.resolveCredentials();
        creds.invalidate();
        creds.resolveCredentials();
        assertThat(requests).hasSize(2);
    }

    @Test
    void accessDeniedSurfacesToTheCaller() {
        assertThatThrownBy(() -> cache.session(AccountId.of("999999999999"), "us-east-1", new RunLedger(), Instant.MAX))
                .satisfies(e -> assertThat(ErrorClass.of(e)).isEqualTo(ErrorClass.ACCESS_DENIED));
    }
}
