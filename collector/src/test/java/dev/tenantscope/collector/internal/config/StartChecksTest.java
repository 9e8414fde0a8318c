package dev.tenantscope.collector.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.config.ConfigException;
import dev.tenantscope.config.Problem;
import java.net.URI;
import org.junit.jupiter.api.Test;

class StartChecksTest {
    @Test
    void realAwsRefusesTheDemoExternalIdAShortOneAndASessionPastTheChainingLimit() {
        CollectorConfig c = CollectorConfigTest.bind("real-aws-demo-id.refused.yaml", CollectorConfigTest.NO_ENV);
        assertThat(StartChecks.problems(c))
                .extracting(Problem::path)
                .containsExactly("aws.sessionDuration", "aws.externalId", "collector.previousExternalIds[0]");
        assertThatThrownBy(() -> StartChecks.require(c))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("aws.sessionDuration")
                .hasMessageContaining("role chaining")
                .hasMessageContaining("'tenantscope-demo' is the public demo value")
                .hasMessageContaining("at least 16 characters")
                .hasMessageNotContaining("short-secret");
    }

    @Test
    void theDemoExternalIdIsFineAgainstASimulator() {
        CollectorConfig c = CollectorConfigTest.bind("real-aws-demo-id.refused.yaml", CollectorConfigTest.NO_ENV)
                .withEndpointOverride(URI.create("http://127.0.0.1:4566"));
        assertThat(StartChecks.problems(c)).extracting(Problem::path).containsExactly("aws.sessionDuration");
    }

    @Test
    void aRotationListsTheNewExternalIdFirstThenTheOld() {
        CollectorConfig c = CollectorConfigTest.bind("real-aws-rotation.ok.yaml", CollectorConfigTest.NO_ENV);
        assertThat(StartChecks.problems(c)).isEmpty();
        assertThat(c.externalIds()).containsExactly("tenant-secret-2026-12-new", "tenant-secret-2026-06-old");
    }
}
