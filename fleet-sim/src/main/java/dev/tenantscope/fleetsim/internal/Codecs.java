package dev.tenantscope.fleetsim.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Request decoding and response encoding for all protocols. Responses are trees in which timestamps are
 * {@link POJONode}s holding an {@link Instant}: JSON writes epoch seconds, CBOR tag 1, XML ISO-8601.
 */
public final class Codecs {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final CBORMapper CBOR = new CBORMapper();
    private static final CBORFactory CBOR_FACTORY = CBOR.getFactory();
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Codecs() {}

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static POJONode time(Instant t) {
        return new POJONode(t);
    }

    public static POJONode time(long epochSecond) {
        return new POJONode(Instant.ofEpochSecond(epochSecond));
    }

    // ---- decoding

    public static ObjectNode parseJson(byte[] body, Protocol protocol) {
        if (body.length == 0) {
            return object();
        }
        try {
            JsonNode n = protocol == Protocol.CBOR ? CBOR.readTree(body) : JSON.readTree(body);
            if (n == null || n.isMissingNode() || n.isNull()) {
                return object();
            }
            if (!n.isObject()) {
                throw new SimError(
                        400,
                        "SerializationException",
                        "request body must be a " + (protocol == Protocol.CBOR ? "CBOR map" : "JSON object"));
            }
            return (ObjectNode) n;
        } catch (IOException e) {
            throw new SimError(
                    400,
                    "SerializationException",
                    "malformed " + (protocol == Protocol.CBOR ? "CBOR" : "JSON") + " request body: "
                            + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Parses a Query form into a tree: {@code A.member.1.B=x} becomes {@code {A:[{B:"x"}]}}. */
    public static ObjectNode parseForm(String body) {
        ObjectNode root = object();
        if (body.isEmpty()) {
            return root;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key, value;
            try {
                key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new SimError(400, "MalformedQueryString", "malformed form encoding near '" + pair + "'");
            }
            put(root, key.split("\\."), 0, value);
        }
        return root;
    }

    private static void put(JsonNode node, String[] path, int i, String value) {
        String seg = path[i];
        boolean last = i == path.length - 1;
        ObjectNode obj = (ObjectNode) node;
        if (!last && (path[i + 1].equals("member") || path[i + 1].equals("entry")) && i + 2 < path.length) {
            JsonNode existing = obj.get(seg);
            ArrayNode arr = existing instanceof ArrayNode a ? a : obj.putArray(seg);
            int idx;
            try {
                idx = Integer.parseInt(path[i + 2]) - 1;
            } catch (NumberFormatException e) {
                throw new SimError(400, "MalformedQueryString", "expected a list index after " + seg + ".member");
            }
            if (idx < 0 || idx > 10_000) {
                throw new SimError(400, "MalformedQueryString", "list index out of range in " + seg);
            }
            while (arr.size() <= idx) {
                arr.addNull();
            }
            if (i + 3 == path.length) {
                arr.set(idx, NODES.textNode(value));
            } else {
                JsonNode el = arr.get(idx);
                if (!(el instanceof ObjectNode)) {
                    el = object();
                    arr.set(idx, el);
                }
                put(el, path, i + 3, value);
            }
            return;
        }
        if (last) {
            obj.put(seg, value);
        } else {
            JsonNode child = obj.get(seg);
            if (!(child instanceof ObjectNode)) {
                child = obj.putObject(seg);
            }
            put(child, path, i + 1, value);
        }
    }

    /** A timestamp field: epoch seconds (number or numeric string) or ISO-8601; null when absent. */
    public static Instant instant(JsonNode in, String field, String errorCode) {
        JsonNode n = in.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            double s = n.asDouble();
            if (!Double.isFinite(s) || Math.abs(s) > 1e11) {
                throw new SimError(400, errorCode, field + ": timestamp out of range: " + n);
            }
            return Instant.ofEpochMilli(Math.round(s * 1000));
        }
        String text = n.asText().strip();
        try {
            if (text.matches("-?\\d+(\\.\\d+)?")) {
                return Instant.ofEpochMilli(Math.round(Double.parseDouble(text) * 1000));
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                throw new SimError(
                        400,
                        errorCode,
                        field + ": expected an ISO-8601 timestamp or epoch seconds, got '" + text + "'");
            }
        }
    }

    // ---- encoding

    public static byte[] json(ObjectNode tree) {
        var out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            write(g, tree, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] cbor(ObjectNode tree) {
        var out = new ByteArrayOutputStream(256);
        try (CBORGenerator g = CBOR_FACTORY.createGenerator(out)) {
            write(g, tree, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, JsonNode n, boolean cbor) throws IOException {
        if (n instanceof POJONode p && p.getPojo() instanceof Instant t) {
            if (cbor) {
                ((CBORGenerator) g).writeTag(1);
            }
            if (t.getNano() == 0) {
                g.writeNumber(t.getEpochSecond());
            } else {
                g.writeNumber(t.getEpochSecond() + t.getNano() / 1e9);
            }
        } else if (n.isObject()) {
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue(), cbor);
            }
            g.writeEndObject();
        } else if (n.isArray()) {
            g.writeStartArray();
            for (JsonNode c : n) {
                write(g, c, cbor);
            }
            g.writeEndArray();
        } else if (n.isDouble() || n.isFloat()) {
            g.writeNumber(n.doubleValue());
        } else if (n.isIntegralNumber()) {
            g.writeNumber(n.longValue());
        } else if (n.isBoolean()) {
            g.writeBoolean(n.booleanValue());
        } else if (n.isNull()) {
            g.writeNull();
        } else {
            g.writeString(n.asText());
        }
    }

    /** {@code <OpResponse xmlns><OpResult>…</OpResult><ResponseMetadata><RequestId/>…}. */
    public static byte[] xml(String operation, String xmlns, ObjectNode result, String requestId) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("<")
                .append(operation)
                .append("Response xmlns=\"")
                .append(xmlns)
                .append("\">");
        sb.append("<").append(operation).append("Result>");
        xmlChildren(sb, result);
        sb.append("</").append(operation).append("Result>");
        sb.append("<ResponseMetadata><RequestId>").append(requestId).append("</RequestId></ResponseMetadata>");
        sb.append("</").append(operation).append("Response>");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void xmlChildren(StringBuilder sb, JsonNode obj) {
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
            xmlElement(sb, e.getKey(), e.getValue());
        }
    }

    private static void xmlElement(StringBuilder sb, String name, JsonNode n) {
        sb.append('<').append(name).append('>');
        if (n instanceof POJONode p && p.getPojo() instanceof Instant t) {
            sb.append(t);
        } else if (n.isObject()) {
            xmlChildren(sb, n);
        } else if (n.isArray()) {
            for (JsonNode c : n) {
                xmlElement(sb, "member", c);
            }
        } else if (!n.isNull()) {
            escape(sb, n.asText());
        }
        sb.append("</").append(name).append('>');
    }

    public static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
    }

    public static byte[] xmlError(SimError e, String requestId) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("<ErrorResponse><Error><Type>").append(e.status >= 500 ? "Receiver" : "Sender");
        sb.append("</Type><Code>");
        escape(sb, e.code);
        sb.append("</Code><Message>");
        escape(sb, e.getMessage());
        sb.append("</Message></Error><RequestId>").append(requestId).append("</RequestId></ErrorResponse>");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static ObjectNode errorTree(SimError e) {
        ObjectNode n = object();
        n.put("__type", e.code);
        n.put("message", e.getMessage());
        return n;
    }

    /** Opaque pagination token over a position string. */
    public static String token(String position) {
        return java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("fs1:" + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The position inside a token, or a SimError with {@code code} when it is not one of ours. */
    public static String untoken(String token, String code) {
        try {
            String s = new String(java.util.Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (s.startsWith("fs1:")) {
                return s.substring(4);
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw new SimError(400, code, "The pagination token is invalid: " + token);
    }
}
