package dev.tenantscope.model.topic;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tenantscope.model.Validate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>Every record of the pipeline passes through here, several times (profiled: a third of a stream thread's CPU
 * went to parsing each value twice, into a tree and from the tree). So the version is written as the value's first
 * field and read from the bytes, and the record is bound straight from them; a value whose version is not its first
 * field (written by hand, by another tool) takes the general path through a tree, with the same checks.
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

    private static final byte[] VERSION_PREFIX = ("{\"" + VERSION_FIELD + "\":").getBytes(StandardCharsets.US_ASCII);

    private final Class<T> type;
    private final int version;
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final byte[] versionHead;

    private JsonSerde(Class<T> type, int version) {
        this.type = type;
        this.version = version;
        this.reader = MAPPER.readerFor(type);
        this.writer = MAPPER.writerFor(type);
        this.versionHead = ("{\"" + VERSION_FIELD + "\":" + version).getBytes(StandardCharsets.US_ASCII);
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
            byte[] body = writer.writeValueAsBytes(value);
            if (body.length < 2 || body[0] != '{') {
                throw new IllegalArgumentException("a record must encode as a JSON object, got " + body.length
                        + " bytes starting '" + (char) body[0] + "'");
            }
            boolean empty = body.length == 2;
            byte[] out = new byte[versionHead.length + body.length - (empty ? 1 : 0)];
            System.arraycopy(versionHead, 0, out, 0, versionHead.length);
            if (empty) {
                out[versionHead.length] = '}';
            } else {
                out[versionHead.length] = ',';
                System.arraycopy(body, 1, out, versionHead.length + 1, body.length - 1);
            }
            return out;
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
        int leading = leadingVersion(data);
        if (leading < 0) {
            return decodeThroughTree(data, what);
        }
        checkVersion(leading, what);
        try {
            return reader.readValue(data);
        } catch (Exception e) {
            throw decodeFailure(e, what);
        }
    }

    /** The general path: any field order; the version must still be there and not newer than ours. */
    private T decodeThroughTree(byte[] data, String what) {
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
        checkVersion(v.intValue(), what);
        ((ObjectNode) node).remove(VERSION_FIELD);
        try {
            return MAPPER.treeToValue(node, type);
        } catch (Exception e) {
            throw decodeFailure(e, what);
        }
    }

    /** The version when the value starts {@code {"v":<digits>} followed by ',' or '}'}; otherwise -1. */
    private static int leadingVersion(byte[] data) {
        if (data.length <= VERSION_PREFIX.length) {
            return -1;
        }
        for (int i = 0; i < VERSION_PREFIX.length; i++) {
            if (data[i] != VERSION_PREFIX[i]) {
                return -1;
            }
        }
        int v = 0;
        int i = VERSION_PREFIX.length;
        for (; i < data.length && i < VERSION_PREFIX.length + 6 && data[i] >= '0' && data[i] <= '9'; i++) {
            v = v * 10 + (data[i] - '0');
        }
        boolean digits = i > VERSION_PREFIX.length;
        return digits && i < data.length && (data[i] == ',' || data[i] == '}') ? v : -1;
    }

    private void checkVersion(int found, String what) {
        if (found > version) {
            throw new RecordDecodeException(
                    "cannot decode " + what + ": field '" + VERSION_FIELD + "': schema version " + found
                            + " is newer than the " + version + " this reader knows; upgrade the reader",
                    null);
        }
    }

    private static RecordDecodeException decodeFailure(Exception e, String what) {
        if (e.getCause() instanceof JsonParseException jpe) { // bad JSON met while binding a field
            return new RecordDecodeException("cannot decode " + what + ": not JSON (" + jpe.getMessage() + ")", e);
        }
        return switch (e) {
            case ValueInstantiationException vie -> {
                Throwable cause = vie.getCause() == null ? vie : vie.getCause();
                yield new RecordDecodeException("cannot decode " + what + ": " + cause.getMessage(), vie);
            }
            case JsonMappingException jme ->
                new RecordDecodeException(
                        "cannot decode " + what + ": field '" + path(jme) + "': " + jme.getOriginalMessage(), jme);
            case JsonParseException jpe ->
                new RecordDecodeException("cannot decode " + what + ": not JSON (" + jpe.getMessage() + ")", jpe);
            default -> new RecordDecodeException("cannot decode " + what + ": " + e.getMessage(), e);
        };
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
