package dev.tenantscope.queryapi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.queryapi.ApiToken;
import dev.tenantscope.queryapi.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
    private final Authenticator auth = new Authenticator(List.of(
            ApiToken.ofPlain("ops", "s3cret", Role.ADMIN, null),
            ApiToken.ofPlain("acme", "acme-token", Role.TENANT, "acme")));

    @Test
    void bearerTokenResolvesToItsRoleAndTenant() {
        Principal p = auth.authenticate("Bearer acme-token");
        assertThat(p).isEqualTo(new Principal("acme", Role.TENANT, "acme"));
        assertThat(p.scope()).isEqualTo("acme");
        assertThat(p.sees("acme")).isTrue();
        assertThat(p.sees("globex")).isFalse();
        assertThat(auth.authenticate("bearer s3cret").scope()).isEmpty();
    }

    @Test
    void onlyTheHashIsKept() {
        ApiToken t = ApiToken.ofPlain("ops", "s3cret", Role.ADMIN, null);
        assertThat(t.toString()).doesNotContain("s3cret");
        assertThat(t.sha256()).hasSize(64).isEqualTo(ApiToken.sha256Hex("s3cret"));
    }

    @Test
    void missingMalformedOrUnknownTokensAre401() {
        for (String header : new String[] {null, "", "Basic b3BzOnMzY3JldA==", "Bearer nope", "Bearer"}) {
            assertThatThrownBy(() -> auth.authenticate(header))
                    .isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(401))
                    .satisfies(e -> assertThat(((ApiException) e).parameter()).isEqualTo("Authorization"));
        }
    }
}
