package dev.tenantscope.queryapi.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Compares response records with the OpenAPI schemas of the same name, as Jackson writes them: property
 * names (both ways), JSON types, enum values, {@code @Nullable} ⇔ {@code nullable: true}, and that every
 * object-valued property is a {@code $ref} to the schema named after its record. Collects every problem.
 */
final class RecordSchemas {
    private static final String SCHEMAS = "#/components/schemas/";

    private final JsonNode doc;
    private final ObjectMapper mapper;
    private final Set<String> compared = new HashSet<>();
    private final List<String> problems = new ArrayList<>();

    RecordSchemas(JsonNode doc, ObjectMapper mapper) {
        this.doc = doc;
        this.mapper = mapper;
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Compares {@code record} with {@code #/components/schemas/<its simple name>}, and everything it reaches. */
    RecordSchemas check(Class<?> record) {
        String name = record.getSimpleName();
        JsonNode schema = doc.at("/components/schemas/" + name);
        if (schema.isMissingNode()) {
            problems.add("record " + record.getName() + " has no schema " + name + " in openapi.yaml");
        } else {
            compareRecord(name, schema, record);
        }
        return this;
    }

    private void compareRecord(String name, JsonNode schema, Class<?> record) {
        if (!compared.add(name)) {
            return;
        }
        if (!schema.path("type").asText().equals("object")) {
            problems.add(name + ": the record is an object; the schema says type " + schema.path("type"));
        }
        if (schema.has("additionalProperties")) {
            problems.add(name + ": a record has fixed properties; the schema must not allow additionalProperties");
        }
        Map<String, BeanPropertyDefinition> written = properties(record);
        Set<String> documented = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(documented::add);
        for (String p : written.keySet()) {
            if (!documented.contains(p)) {
                problems.add(name + ": the record writes '" + p + "', which the schema in openapi.yaml lacks");
            }
        }
        for (String p : documented) {
            if (!written.containsKey(p)) {
                problems.add(name + ": openapi.yaml documents '" + p + "', which the record " + record.getName()
                        + " does not write");
            }
        }
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        written.forEach((p, def) -> {
            JsonNode property = schema.path("properties").path(p);
            if (!property.isMissingNode()) {
                compareProperty(name + "." + p, property, def, component(record, def), required.contains(p));
            }
        });
    }

    private Map<String, BeanPropertyDefinition> properties(Class<?> record) {
        BeanDescription description = mapper.getSerializationConfig().introspect(mapper.constructType(record));
        Map<String, BeanPropertyDefinition> out = new LinkedHashMap<>();
        for (BeanPropertyDefinition def : description.findProperties()) {
            if (def.couldSerialize()) {
                out.put(def.getName(), def);
            }
        }
        return out;
    }

    private static RecordComponent component(Class<?> record, BeanPropertyDefinition def) {
        for (RecordComponent c : record.getRecordComponents()) {
            if (c.getName().equals(def.getInternalName())) {
                return c;
            }
        }
        throw new IllegalStateException(record.getName() + " writes " + def.getName() + " from no component");
    }

    private void compareProperty(
            String path, JsonNode property, BeanPropertyDefinition def, RecordComponent component, boolean required) {
        boolean nullable = component.getAnnotatedType().isAnnotationPresent(Nullable.class);
        JsonInclude.Include inclusion = def.findInclusion().getValueInclusion();
        boolean omittedWhenNull = inclusion == JsonInclude.Include.NON_NULL
                || inclusion == JsonInclude.Include.NON_ABSENT
                || inclusion == JsonInclude.Include.NON_EMPTY;
        boolean documentedNullable = property.path("nullable").asBoolean(false);
        if (nullable && !omittedWhenNull && !documentedNullable) {
            problems.add(path + ": the record writes null here (@Nullable); openapi.yaml must say nullable: true");
        }
        if ((!nullable || omittedWhenNull) && documentedNullable) {
            problems.add(path + ": never written as null; openapi.yaml says nullable: true");
        }
        if (omittedWhenNull && required) {
            problems.add(path + ": absent when null, so it must not be in the schema's required list");
        }
        if (omittedWhenNull && !nullable) {
            problems.add(path + ": omitted when null but not @Nullable");
        }
        compareType(path, property, def.getPrimaryType());
    }

    private void compareType(String path, JsonNode node, JavaType type) {
        Class<?> raw = type.getRawClass();
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            if (!ref.startsWith(SCHEMAS)) {
                problems.add(path + ": $ref " + ref + " is not a component schema");
                return;
            }
            String target = ref.substring(SCHEMAS.length());
            JsonNode schema = doc.at("/components/schemas/" + target);
            if (schema.isMissingNode()) {
                problems.add(path + ": dangling $ref " + ref);
            } else if (raw.isRecord()) {
                if (!target.equals(raw.getSimpleName())) {
                    problems.add(path + ": refers to schema " + target + " but the record is " + raw.getSimpleName());
                }
                compareRecord(target, schema, raw);
            } else {
                compareType(path, schema, type);
            }
            return;
        }
        String jsonType = node.path("type").asText("");
        if (raw.isRecord()) {
            problems.add(
                    path + ": an object-valued property is a $ref to schema " + raw.getSimpleName() + ", never inline");
        } else if (Collection.class.isAssignableFrom(raw)) {
            expect(path, jsonType, "array", raw);
            if (node.has("items")) {
                compareType(path + "[]", node.get("items"), type.getContentType());
            } else {
                problems.add(path + ": an array schema needs items");
            }
        } else if (raw.isEnum()) {
            expect(path, jsonType, "string", raw);
            Set<String> values = new TreeSet<>();
            for (Object constant : raw.getEnumConstants()) {
                values.add(mapper.convertValue(constant, String.class));
            }
            Set<String> documented = new TreeSet<>();
            node.path("enum").forEach(v -> documented.add(v.asText()));
            if (!values.equals(documented)) {
                problems.add(path + ": the record writes one of " + values + "; openapi.yaml's enum is " + documented);
            }
        } else if (raw == LocalDate.class) {
            expect(path, jsonType, "string", raw);
            if (!node.path("format").asText().equals("date")) {
                problems.add(path + ": a LocalDate is documented as format: date");
            }
        } else if (raw == String.class || raw == Instant.class || raw == Duration.class) {
            expect(path, jsonType, "string", raw);
            if (node.path("format").asText().equals("date")) {
                problems.add(path + ": format: date is for a LocalDate, not " + raw.getSimpleName());
            }
        } else if (raw == long.class || raw == int.class || raw == Long.class || raw == Integer.class) {
            expect(path, jsonType, "integer", raw);
        } else if (raw == double.class || raw == Double.class || raw == BigDecimal.class) {
            expect(path, jsonType, "number", raw);
        } else if (raw == boolean.class || raw == Boolean.class) {
            expect(path, jsonType, "boolean", raw);
        } else if (JsonNode.class.isAssignableFrom(raw)) {
            if (!jsonType.isEmpty()) {
                problems.add(path + ": any JSON value; the schema must not fix a type (says " + jsonType + ")");
            }
        } else {
            problems.add(path + ": no JSON mapping known for " + raw.getName());
        }
    }

    private void expect(String path, String documented, String expected, Class<?> raw) {
        if (!documented.equals(expected)) {
            problems.add(path + ": the record's " + raw.getSimpleName() + " is JSON " + expected
                    + "; openapi.yaml says " + (documented.isEmpty() ? "no type" : documented));
        }
    }
}
