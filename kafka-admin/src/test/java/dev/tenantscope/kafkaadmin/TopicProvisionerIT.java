package dev.tenantscope.kafkaadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.kafka.EmbeddedKafkaBroker;
import dev.tenantscope.model.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicProvisionerIT {
    @TempDir
    Path dir;

    @Test
    void missingTopicsAreCreatedWithTheSharedSettingsAndExistingOnesKept() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir);
                Admin admin = broker.admin()) {
            System.out.println("[backend] Kafka: embedded KRaft broker at " + broker.bootstrapServers());
            admin.createTopics(List.of(new NewTopic(Topics.RAW_COST.name(), 2, (short) 1)))
                    .all()
                    .get();
            TopicProvisioner provisioner = new TopicProvisioner(admin, 3, (short) 1, Duration.ofDays(2));

            provisioner.ensure(Topics.all());

            assertThat(admin.listTopics().names().get())
                    .containsAll(Topics.all().stream().map(t -> t.name()).toList());
            assertThat(provisioner.partitionsOf(Topics.RAW_METRICS.name())).isEqualTo(3);
            assertThat(provisioner.partitionsOf(Topics.RAW_COST.name()))
                    .as("an existing topic is left as it is")
                    .isEqualTo(2);
            assertThat(config(admin, Topics.RAW_METRICS.name())
                            .get(TopicConfig.RETENTION_MS_CONFIG)
                            .value())
                    .isEqualTo(String.valueOf(Duration.ofDays(2).toMillis()));
            assertThat(config(admin, Topics.ACCOUNTS.name())
                            .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                            .value())
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    @Test
    void nonsenseSettingsAreRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> new TopicProvisioner(null, 0, (short) 1, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partitions >= 1");
    }

    private static Config config(Admin admin, String topic) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(r)).all().get().get(r);
    }
}
