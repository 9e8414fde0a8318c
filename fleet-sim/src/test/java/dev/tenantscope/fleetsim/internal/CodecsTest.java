package dev.tenantscope.fleetsim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CodecsTest {
    @Test
    void queryFormBecomesNestedListsAndMaps() {
        ObjectNode n = Codecs.parseForm("Action=GetMetricData&MetricDataQueries.member.2.Id=b"
                + "&MetricDataQueries.member.1.Id=a&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=X"
                + "&StartTime=2026-11-01T00%3A00%3A00Z");
        assertThat(n.path("MetricDataQueries").get(1).path("Id").asText()).isEqualTo("b");
        assertThat(n.at("/MetricDataQueries/0/MetricStat/Metric/Dimensions/0/Name")
                        .asText())
                .isEqualTo("X");
        assertThat(Codecs.instant(n, "StartTime", "E")).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Test
    void badTimestampNamesTheField() {
        ObjectNode n = Codecs.parseForm("StartTime=tomorrow");
        assertThatThrownBy(() -> Codecs.instant(n, "StartTime", "InvalidParameterValue"))
                .isInstanceOfSatisfying(SimError.class, e -> {
                    assertThat(e.code).isEqualTo("InvalidParameterValue");
                    assertThat(e.getMessage()).contains("StartTime").contains("tomorrow");
                });
    }

    @Test
    void insightsQueryOfTheCollectorParses() {
        InsightsQuery q =
                InsightsQuery.parse("fields @timestamp | filter @message like /ERROR/ | stats count(*) by bin(5m)");
        assertThat(q.stats()).isTrue();
        assertThat(q.binSeconds()).isEqualTo(300);
        assertThat(q.filter().matches("x ERROR y")).isTrue();
        assertThat(q.filter().matches("x INFO y")).isFalse();
        assertThatThrownBy(() -> InsightsQuery.parse("parse @message /a/ as b"))
                .isInstanceOfSatisfying(SimError.class, e -> assertThat(e.code).isEqualTo("MalformedQueryException"));
    }

    @Test
    void accessKeyIdsCarryAccountAndIssueTime() {
        String key = Caller.accessKeyId("123456789012", 1_790_000_000L);
        assertThat(key).startsWith("ASIA123456789012");
        assertThat(AwsHandler.accessKeyId(
                        "AWS4-HMAC-SHA256 Credential=" + key + "/20261111/us-east-1/monitoring/aws4_request, S=x"))
                .isEqualTo(key);
        assertThat(AwsHandler.signingName(
                        "AWS4-HMAC-SHA256 Credential=" + key + "/20261111/us-east-1/monitoring/aws4_request, S=x"))
                .isEqualTo("monitoring");
    }
}
