package dev.tenantscope.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.rollup.Alert;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.JsonSerde;
import dev.tenantscope.streams.internal.key.QuotaKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code docs/alerts.md} states the {@code tenantscope.alerts} contract; this keeps it equal to the code. */
class AlertsContractTest {
    private static final Pattern FIELD_ROW = Pattern.compile("^\\| `([A-Za-z]+)` \\| [^|]*\\|");

    private static String doc;

    @BeforeAll
    static void read() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docs/alerts.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("docs/alerts.md above the working directory").isNotNull();
        doc = Files.readString(dir.resolve("docs/alerts.md"));
    }

    private static Alert sample() {
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        return new Alert(
                "quota|123456789012|us-east-1|lambda|L-B99A9384|" + t.toEpochMilli(),
                Alert.AlertKind.QUOTA,
                TenantId.of("t-0042"),
                "123456789012",
                "lambda L-B99A9384 us-east-1",
                Alert.Severity.WARN,
                Alert.AlertState.OPEN,
                t,
                t,
                null,
                0.81,
                0,
                0.8,
                -1,
                0.8,
                t.plusSeconds(86_400),
                "evidence",
                t.toEpochMilli());
    }

    private static List<String> documentedFields() {
        String section = doc.substring(doc.indexOf("| field | type | meaning |"));
        List<String> fields = new ArrayList<>();
        for (String line : section.lines().skip(2).toList()) {
            Matcher m = FIELD_ROW.matcher(line);
            if (!m.find()) {
                break;
            }
            fields.add(m.group(1));
        }
        return fields;
    }

    @Test
    void theDocumentedValueFieldsAreTheAlertRecordsComponentsInOrder() {
        List<String> components = Arrays.stream(Alert.class.getRecordComponents())
                .map(c -> c.getName())
                .toList();
        assertThat(documentedFields()).isEqualTo(components);
    }

    @Test
    void theSerialisedValueCarriesExactlyTheDocumentedFieldsAndTheSchemaVersion() throws IOException {
        byte[] bytes = DerivedTopics.ALERTS.valueSerde().serializer().serialize("tenantscope.alerts", sample());
        JsonNode value = JsonSerde.mapper().readTree(bytes);
        List<String> names = new ArrayList<>();
        value.fieldNames().forEachRemaining(names::add);
        List<String> expected = new ArrayList<>(documentedFields());
        expected.add(JsonSerde.VERSION_FIELD);
        assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(doc)
                .contains("`\"" + JsonSerde.VERSION_FIELD + "\": "
                        + value.get("v").asInt() + "`");
    }

    @Test
    void theDocumentedKeysAndIdsAreTheOnesTheTopologyWrites() {
        QuotaKey quota = new QuotaKey(AccountId.of("123456789012"), "us-east-1", "lambda", "L-B99A9384");
        TenantId tenant = TenantId.of("t-0042");
        assertThat(doc)
                .contains("`" + TopicKeys.quotaAlert(tenant, quota) + "`")
                .contains("`" + TopicKeys.noisyAlert(tenant, "AWS/Lambda Errors") + "`")
                .contains("`tenant|account|region|serviceCode|quotaCode`")
                .contains("`quota|account|region|serviceCode|quotaCode|openedMs`")
                .contains("noisy: `noisy|tenant|namespace metric|openedMs`")
                .contains("`" + TopicKeys.costAlert(tenant, AccountId.of("123456789012"), "AWS Lambda") + "`")
                .contains("cost: `cost|tenant|account|service|openedMs`");
        assertThat(TopicKeys.costAlertId(tenant, AccountId.of("123456789012"), "AWS Lambda", Instant.ofEpochMilli(7)))
                .isEqualTo("cost|t-0042|123456789012|AWS Lambda|7");
        assertThat(TopicKeys.quotaAlertId(quota, Instant.ofEpochMilli(7)))
                .isEqualTo("quota|123456789012|us-east-1|lambda|L-B99A9384|7");
        assertThat(TopicKeys.noisyAlertId(tenant, "AWS/Lambda Errors", Instant.ofEpochMilli(7)))
                .isEqualTo("noisy|t-0042|AWS/Lambda Errors|7");
        assertThat(DerivedTopics.ALERTS.name()).isEqualTo("tenantscope.alerts");
    }

    @Test
    void everyAlertKindIsDocumented() {
        String kinds =
                doc.lines().filter(l -> l.startsWith("| `kind` |")).findFirst().orElseThrow();
        for (Alert.AlertKind k : Alert.AlertKind.values()) {
            assertThat(kinds).as("kind row").contains("`" + k.name() + "`");
        }
    }
}
