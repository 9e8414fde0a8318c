package dev.tenantscope.queryapi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTest {
    private final Route route = new Route("GET", "/api/v1/tenants/{tenantId}/cost", Set.of(), Set.of(), r -> {});

    @Test
    void templateVariablesBindDecodedSegments() {
        assertThat(route.match(List.of("api", "v1", "tenants", "a/b c", "cost")))
                .isEqualTo(Map.of("tenantId", "a/b c"));
    }

    @Test
    void literalSegmentsAndLengthMustMatch() {
        assertThat(route.match(List.of("api", "v1", "tenants", "acme"))).isNull();
        assertThat(route.match(List.of("api", "v2", "tenants", "acme", "cost"))).isNull();
        assertThat(route.match(List.of("api", "v1", "tenants", "acme", "cost", "")))
                .isNull();
    }
}
