package dev.tenantscope.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.model.TenantId;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Tag;

/** Tags change without any change to the account: Organizations serves the new tenant tag from then on. */
class RetagIT {
    @Test
    void aRetaggedAccountListsItsNewTenantWhileItsListingStaysTheSame() {
        try (SimFixture sim = new SimFixture(FleetSpec.defaults().withAccounts(20));
                OrganizationsClient orgs = sim.client(OrganizationsClient.builder(), sim.management)) {
            SimAccount a = sim.activeAccount(0);
            String key = sim.server.spec().tenantTagKey();
            var before = orgs.describeAccount(r -> r.accountId(a.id().value())).account();
            assertThat(tenantTag(orgs, a, key)).isEqualTo(a.tenant().value());
            sim.server.retag(a.id(), TenantId.of("tenant-77777"));
            assertThat(tenantTag(orgs, a, key)).isEqualTo("tenant-77777");
            assertThat(orgs.describeAccount(r -> r.accountId(a.id().value())).account())
                    .as("re-tagging changes no field of the account")
                    .isEqualTo(before);
        }
    }

    private static String tenantTag(OrganizationsClient orgs, SimAccount a, String key) {
        return orgs.listTagsForResource(r -> r.resourceId(a.id().value())).tags().stream()
                .filter(t -> t.key().equals(key))
                .map(Tag::value)
                .findFirst()
                .orElseThrow();
    }
}
