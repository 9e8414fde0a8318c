package dev.tenantscope.model.topic;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tenantscope.model.Validate;
import java.io.IOException;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON for one record type, with an explicit schema version in every value ({@code "v": 1}).
 *
 * <p>A reader accepts its own version and older ones; a newer version, bad JSON or a value that fails the
 * record's validation raises {@link RecordDecodeException} naming the type and the field. Unknown fields are
 * ignored so that adding an optional field does not need a version bump.
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
    public static final String VERSION_FIELD = "v";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final Class<T> type;
    private final int version;

    private JsonSerde(Class<T> type, int version) {
        this.type = type;
        this.version = version;
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type, 1);
    }

    public static <T> JsonSerde<T> of(Class<T> type, int version) {
        return new JsonSerde<>(type, version);
    }

    /** The shared mapper, configured for the records in this module (ISO-8601 instants, decimals). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public Class<T> type() {
        return type;
    }

    public int version() {
        return version;
    }

    @Override
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null; // a tombstone
        }
        try {
            ObjectNode node = MAPPER.createObjectNode();
            node.put(VERSION_FIELD, version);
            node.setAll((ObjectNode) MAPPER.valueToTree(value));
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("cannot encode " + type.getSimpleName() + " for topic " + topic, e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        String what = type.getSimpleName() + (topic == null ? "" : " from topic " + topic);
        JsonNode node;
        try {
            node = MAPPER.readTree(data);
        } catch (IOException e) {
            throw new RecordDecodeException("cannot decode " + what + ": not JSON (" + e.getMessage() + ")", e);
        }
        if (node == null || !node.isObject()) {
            throw new RecordDecodeException("cannot decode " + what + ": expected a JSON object", null);
        }
        JsonNode v = node.get(VERSION_FIELD);
        if (v == null || !v.canConvertToInt()) {
            throw new RecordDecodeException(
                    "cannot decode " + what + ": field '" + VERSION_FIELD + "': expected a schema version, got "
                            + Validate.abbreviate(v),
                    null);
        }
        if (v.intValue() > version) {
            throw new RecordDecodeException(
                    "cannot decode " + what + ": field '" + VERSION_FIELD + "': schema version " + v.intValue()
                            + " is newer than the " + version + " this reader knows; upgrade the reader",
                    null);
        }
        ((ObjectNode) node).remove(VERSION_FIELD);
        try {
            return MAPPER.treeToValue(node, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new RecordDecodeException("cannot decode " + what + ": " + cause.getMessage(), e);
        } catch (JsonMappingException e) {
            throw new RecordDecodeException(
                    "cannot decode " + what + ": field '" + path(e) + "': " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new RecordDecodeException("cannot decode " + what + ": " + e.getMessage(), e);
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {}

    @Override
    public void close() {}
}
