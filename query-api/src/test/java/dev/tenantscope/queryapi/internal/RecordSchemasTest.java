package dev.tenantscope.queryapi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The record ⇔ schema check OpenApiTest relies on finds every kind of drift, and passes a true schema. */
class RecordSchemasTest {
    enum Colour {
        RED,
        GREEN;

        @JsonValue
        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    record Probe(
            String name,
            long count,
            @Nullable String note,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String hint,

            LocalDate day,
            BigDecimal amount,
            Colour colour,
            List<Part> parts,
            JsonNode any,
            String extra) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Part(String partId, double weight) {}

    /** Probe without {@code extra}: what probe.ok.yaml documents. */
    record Exact(
            String name,
            long count,
            @Nullable String note,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String hint,

            LocalDate day,
            BigDecimal amount,
            Colour colour,
            List<Part> parts,
            JsonNode any) {}

    private static JsonNode load(String name) throws Exception {
        try (InputStream in = RecordSchemasTest.class.getResourceAsStream("/openapi/" + name)) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    @Test
    void aMatchingSchemaHasNoProblems() throws Exception {
        JsonNode doc = load("probe.ok.yaml");
        // the schema is named Probe; Exact is the same record shape under another name
        var renamed = ((com.fasterxml.jackson.databind.node.ObjectNode) doc.at("/components/schemas"));
        renamed.set("Exact", renamed.remove("Probe"));
        assertThat(new RecordSchemas(doc, Json.mapper()).check(Exact.class).problems())
                .isEmpty();
    }

    @Test
    void reportsEveryDriftBetweenRecordAndSchemaInOneRun() throws Exception {
        List<String> problems = new RecordSchemas(load("probe.drifted.yaml"), Json.mapper())
                .check(Probe.class)
                .problems();
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).startsWith("Probe: the record writes 'extra'"))
                .anySatisfy(p -> assertThat(p).startsWith("Probe: openapi.yaml documents 'size'"))
                .anySatisfy(p -> assertThat(p).startsWith("Probe.count: the record's long is JSON integer"))
                .anySatisfy(p -> assertThat(p).startsWith("Probe.note: the record writes null here"))
                .anySatisfy(p -> assertThat(p).startsWith("Probe.hint: never written as null"))
                .anySatisfy(p -> assertThat(p).startsWith("Probe.day: a LocalDate is documented as format: date"))
                .anySatisfy(p -> assertThat(p).contains("Probe.colour: the record writes one of [green, red]"))
                .anySatisfy(
                        p -> assertThat(p).startsWith("Probe.parts[]: refers to schema Piece but the record is Part"))
                .anySatisfy(p -> assertThat(p).startsWith("Piece: the record writes 'weight'"))
                .anySatisfy(p -> assertThat(p).startsWith("Probe.any: any JSON value"))
                .hasSize(10);
    }

    @Test
    void aRecordWithoutASchemaOfItsNameIsReported() throws Exception {
        assertThat(new RecordSchemas(load("probe.ok.yaml"), Json.mapper())
                        .check(Part.class)
                        .check(Exact.class)
                        .problems())
                .containsExactly("record " + Exact.class.getName() + " has no schema Exact in openapi.yaml");
    }
}
