package dev.tenantscope.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenantscope.clickhouse.schema.Column;
import dev.tenantscope.clickhouse.schema.Tables;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.JsonSerde;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sink writer fills exactly its catalogued table's columns — no more, no fewer — for the sample records in
 * {@code sink-rows/<topic>.jsonl} (as the topic's serde writes them), and writes NULL only into Nullable columns.
 */
class TableRowsTest {
    private static final ObjectMapper MAPPER = JsonSerde.mapper();

    static List<Named<TableRows<?>>> mappings() {
        return TableRows.all().stream()
                .map(m -> Named.<TableRows<?>>of(
                        m.topic().name() + " → " + m.table().name(), m))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappings")
    void writerFillsExactlyTheCataloguedColumns(TableRows<?> mapping) throws IOException {
        for (JsonNode row : rows(mapping)) {
            assertThat(fieldNames(row))
                    .as("%s row for %s", mapping.topic().name(), mapping.table().name())
                    .containsExactlyInAnyOrderElementsOf(mapping.columns());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappings")
    void writerWritesNullOnlyIntoNullableColumns(TableRows<?> mapping) throws IOException {
        for (JsonNode row : rows(mapping)) {
            for (Column c : mapping.table().columns()) {
                if (!c.nullable() && row.has(c.name())) {
                    assertThat(row.get(c.name()).isNull())
                            .as("%s.%s (%s) written as null", mapping.table().name(), c.name(), c.type())
                            .isFalse();
                }
            }
        }
    }

    /** Otherwise a writer that drops a null column would pass on samples that never hold a null. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("mappings")
    void samplesHoldEveryNullableColumnBothNullAndSet(TableRows<?> mapping) throws IOException {
        List<JsonNode> rows = rows(mapping);
        for (Column c : mapping.table().columns()) {
            if (c.nullable()) {
                assertThat(rows)
                        .as("%s samples with %s null and set", mapping.topic().name(), c.name())
                        .anySatisfy(r -> assertThat(r.path(c.name()).isNull()).isTrue())
                        .anySatisfy(
                                r -> assertThat(r.path(c.name()).isValueNode()).isTrue());
            }
        }
    }

    @Test
    void everyTableTheSinkWritesIsCataloguedAndEveryCataloguedTableIsWritten() {
        Set<String> written = new TreeSet<>();
        TableRows.all().forEach(m -> {
            assertThat(Tables.named(m.table().name())).isSameAs(m.table());
            written.add(m.table().name());
        });
        written.add(MonthlyCostRefresh.TABLE.name()); // recomputed from cost_daily after each batch
        Set<String> catalogued = new TreeSet<>();
        Tables.all().forEach(t -> catalogued.add(t.name()));
        assertThat(written).isEqualTo(catalogued);
    }

    @Test
    void sinkCoversEveryDerivedTopicThatHasATable() {
        assertThat(TableRows.all().stream().map(m -> m.topic().name()))
                .doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(DerivedTopics.all().stream().map(t -> t.name()))
                        .contains(name));
    }

    private static <V> List<JsonNode> rows(TableRows<V> mapping) throws IOException {
        String resource = "/sink-rows/" + mapping.topic().name() + ".jsonl";
        List<JsonNode> rows = new ArrayList<>();
        try (InputStream in = TableRowsTest.class.getResourceAsStream(resource)) {
            assertThat(in)
                    .as("sample records %s (one JSON record per line)", resource)
                    .isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                V value = mapping.topic()
                        .valueSerde()
                        .deserializer()
                        .deserialize(mapping.topic().name(), line.getBytes(StandardCharsets.UTF_8));
                byte[] encoded = mapping.encode(MAPPER, value);
                assertThat(encoded[encoded.length - 1])
                        .as("JSONEachRow line ends with a newline")
                        .isEqualTo((byte) '\n');
                rows.add(MAPPER.readTree(encoded));
            }
        }
        assertThat(rows).as("sample records in %s", resource).isNotEmpty();
        return rows;
    }

    private static List<String> fieldNames(JsonNode row) {
        List<String> names = new ArrayList<>();
        row.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void timesOutsideClickHouseRangeAreRefusedNotWrittenAsAnotherDate() {
        assertThat(TableRows.time(java.time.Instant.parse("2026-11-02T10:00:00Z")))
                .isEqualTo("2026-11-02 10:00:00.000");
        // ClickHouse reads "-1000-01-01 00:00:00.000" as 2026-01-01 12:00 without an error
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> TableRows.time(java.time.Instant.parse("-1000-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1000-01-01T00:00:00Z")
                .hasMessageContaining("DateTime64");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> TableRows.time(java.time.Instant.parse("+12026-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
