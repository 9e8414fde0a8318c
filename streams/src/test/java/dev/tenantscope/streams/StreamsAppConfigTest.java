package dev.tenantscope.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamsAppConfigTest {
    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(StreamsAppConfigTest.class.getResource("/config/" + name).toURI());
    }

    @Test
    void defaultsRunAndClassTheBaselineServices() {
        StreamsAppConfig c = StreamsAppConfig.defaults();
        assertThat(c.applicationId()).isEqualTo("tenantscope-streams");
        assertThat(c.cost().closeDayOfMonth()).isEqualTo(5);
        assertThat(c.quota().warnAt()).isEqualTo(0.80);
        assertThat(c.quota().criticalAt()).isEqualTo(0.95);
        assertThat(c.quota().forecastHorizon()).isEqualTo(Duration.ofDays(7));
        assertThat(c.cost().baselineRules())
                .extracting(StreamsAppConfig.BaselineRule::service)
                .containsExactly(
                        "AWS CloudTrail",
                        "AWS Config",
                        "Amazon GuardDuty",
                        "AWS Security Hub",
                        "AWS Key Management Service",
                        "AmazonCloudWatch");
    }

    @Test
    void yamlOverridesDefaultsAndKeepsTheRest() throws Exception {
        StreamsAppConfig c = StreamsAppConfig.load(fixture("streams.ok.yaml"));
        assertThat(c.applicationId()).isEqualTo("tenantscope-streams-eu");
        assertThat(c.windowGrace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.cost().closeDayOfMonth()).isEqualTo(3);
        assertThat(c.cost().baselineRules()).hasSize(2);
        assertThat(c.quota().warnAt()).isEqualTo(0.7);
        assertThat(c.quota().historySize()).isEqualTo(24);
        assertThat(c.noisy().window()).isEqualTo("1h");
        assertThat(c.sink().linger()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.streamsProperties()).containsEntry("num.stream.threads", "2");
    }

    @Test
    void everyInvalidValueIsReportedWithItsKey() throws Exception {
        assertThatThrownBy(() -> StreamsAppConfig.load(fixture("streams.bad.yaml")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("applicationId: expected letters")
                .hasMessageContaining("cost.closeDayOfMonth: expected 1-28, got 31")
                .hasMessageContaining("cost.baselineRules[0]: expected service or usageTypeContains")
                .hasMessageContaining("quota.warnAt/criticalAt: expected 0 < warnAt < criticalAt <= 1, got 0.96/0.95")
                .hasMessageContaining("noisy.window: expected 5m or 1h, got '15m'")
                .hasMessageContaining("noisy.closeSigmas: expected 0 < closeSigmas < openSigmas");
    }

    @Test
    void unknownKeyIsNamed() throws Exception {
        assertThatThrownBy(() -> StreamsAppConfig.load(fixture("streams.unknown-key.yaml")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quota.warnAtt");
    }
}
