package dev.tenantscope.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The tenant role accepts two ExternalIds during a rotation: the collector tries the new one first and the old one
 * after (collector.previousExternalIds), so no account goes dark while the StackSet updates one account after another.
 */
class TenantRoleRotationTest {
    @Test
    void theTrustPolicyAcceptsThePreviousExternalIdOnlyWhileOneIsGiven() throws IOException {
        JsonNode t = new ObjectMapper(new YAMLFactory())
                .readTree(RepoRoot.find().resolve("deploy/tenant-role.yaml").toFile());
        JsonNode previous = t.path("Parameters").path("PreviousExternalId");
        assertThat(previous.path("Default").asText("missing"))
                .as("optional: empty outside a rotation")
                .isEmpty();
        assertThat(previous.path("NoEcho").asBoolean()).isTrue();
        assertThat("").matches(previous.path("AllowedPattern").asText());
        assertThat("old-secret-16-chars")
                .matches(previous.path("AllowedPattern").asText());
        assertThat("too-short").doesNotMatch(previous.path("AllowedPattern").asText());

        JsonNode rotating =
                t.path("Conditions").path("RotatingExternalId").path("Fn::Not").get(0);
        assertThat(rotating.path("Fn::Equals").get(0).path("Ref").asText()).isEqualTo("PreviousExternalId");
        assertThat(rotating.path("Fn::Equals").get(1).asText()).isEmpty();

        JsonNode trust = t.path("Resources")
                .path("TenantScopeReadOnlyRole")
                .path("Properties")
                .path("AssumeRolePolicyDocument")
                .path("Statement")
                .get(0);
        JsonNode ids = trust.path("Condition")
                .path("StringEquals")
                .path("sts:ExternalId")
                .path("Fn::If");
        assertThat(ids.get(0).asText()).isEqualTo("RotatingExternalId");
        assertThat(ids.get(1).get(0).path("Ref").asText()).isEqualTo("ExternalId");
        assertThat(ids.get(1).get(1).path("Ref").asText()).isEqualTo("PreviousExternalId");
        assertThat(ids.get(2).path("Ref").asText()).isEqualTo("ExternalId");
    }
}
